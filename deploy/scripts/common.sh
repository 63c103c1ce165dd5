# shellcheck shell=bash
# common.sh: what backup.sh and restore.sh share — error exit, tool check, and the compose command.
# Sourced, never run; the scripts find it beside themselves, so keep the three files together.

deploy_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Prints "<script>: message" on stderr and exits 1.
die() { echo "${0##*/}: $*" >&2; exit 1; }

# Stops with a hint when a required command is missing.
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2"; }

# The compose command, as an array (LOOM_COMPOSE may carry -p/-f options), run in deploy/.
compose() {
    local -a command
    if [ -n "${LOOM_COMPOSE:-}" ]; then
        read -r -a command <<<"$LOOM_COMPOSE"
    elif docker compose version >/dev/null 2>&1; then
        command=(docker compose)
    elif command -v docker-compose >/dev/null 2>&1; then
        command=(docker-compose)
    else
        die "neither 'docker compose' nor 'docker-compose' found (set LOOM_COMPOSE)"
    fi
    (cd "$deploy_dir" && "${command[@]}" "$@")
}
