#!/usr/bin/env bash
# restore.sh: puts a backup made by backup.sh back, after confirmation. Replaces the current
# database: everything written since the backup is lost.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat <<'EOF'
Usage: restore.sh [--yes] MODE BACKUP [TARGET]

Modes (the same as backup.sh):
  url BACKUP.sql.gz               psql into DATABASE_URL from this host (stop Loom first).
  compose BACKUP.sql.gz           into the compose `postgres` service; stops the `api` and
                                  `worker` services meanwhile and starts them again.
  compose-sqlite BACKUP.sqlite3.gz
                                  into the embedded store of the compose `api` service
                                  (docker-compose.embedded.yml); stops `api` meanwhile.
  sqlite BACKUP.sqlite3.gz FILE   replaces the SQLite file FILE on this host (stop Loom first).

Options:
  -y, --yes    do not ask for confirmation (for scripts; required without a terminal)
  -h, --help   this text

Environment: DATABASE_URL (url), LOOM_COMPOSE (compose modes; see backup.sh --help).
After a restore, `loom migrate` (or the next start) applies any migrations newer than the backup.
EOF
}

assume_yes=false
positional=()
while [ $# -gt 0 ]; do
    case "$1" in
        -y|--yes) assume_yes=true; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) usage >&2; die "unknown option $1" ;;
        *) positional+=("$1"); shift ;;
    esac
done

[ ${#positional[@]} -ge 2 ] || { usage >&2; die "need a mode and a backup file"; }
mode=${positional[0]}
backup=${positional[1]}
target=${positional[2]:-}

[ -f "$backup" ] || die "no such backup file: $backup"
gzip -t "$backup" 2>/dev/null || die "$backup is not a readable gzip file"

case "$mode" in
    url|compose)
        case "$backup" in *.sql.gz) ;; *) die "$mode restores a PostgreSQL dump (*.sql.gz), not $backup" ;; esac ;;
    compose-sqlite|sqlite)
        case "$backup" in *.sqlite3.gz) ;; *) die "$mode restores a SQLite backup (*.sqlite3.gz), not $backup" ;; esac ;;
    *) usage >&2; die "unknown mode '$mode'" ;;
esac
[ "$mode" != sqlite ] || [ -n "$target" ] || die "sqlite mode needs the database file to replace"

case "$mode" in
    url)
        [ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set"
        command -v psql >/dev/null 2>&1 || die "psql not found: install postgresql-client"
        what="the PostgreSQL database of DATABASE_URL" ;;
    compose) what="the database of the compose postgres service" ;;
    compose-sqlite) what="the SQLite store of the compose api service" ;;
    sqlite)
        command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 not found: install sqlite3"
        what="the SQLite file $target" ;;
esac

if ! $assume_yes; then
    [ -t 0 ] || die "refusing to restore without confirmation: no terminal; pass --yes"
    echo "This replaces $what with $backup."
    echo "Everything written since that backup is lost."
    read -r -p "Type 'restore' to continue: " answer
    [ "$answer" = restore ] || die "not confirmed; nothing changed"
fi

case "$mode" in
    url)
        gzip -dc "$backup" | psql --dbname="$DATABASE_URL" --quiet --single-transaction -v ON_ERROR_STOP=1 >/dev/null \
            || die "psql failed; the transaction was rolled back and the database is unchanged"
        ;;
    compose)
        echo "restore.sh: stopping api and worker"
        compose stop api worker
        # shellcheck disable=SC2016  # expanded by the shell inside the container
        if gzip -dc "$backup" | compose exec -T postgres sh -c \
            'psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" --quiet --single-transaction -v ON_ERROR_STOP=1 >/dev/null'; then
            status=0
        else
            status=1
        fi
        echo "restore.sh: starting api and worker"
        compose start api worker
        [ $status -eq 0 ] || die "psql failed; the transaction was rolled back and the database is unchanged"
        ;;
    compose-sqlite)
        echo "restore.sh: stopping api"
        compose stop api
        # A one-off container on the same volume writes the file next to the store, then swaps it
        # in and removes the old write-ahead log, which belongs to the replaced database.
        # shellcheck disable=SC2016  # expanded by the shell inside the container
        if gzip -dc "$backup" | compose run --rm --no-deps -T --entrypoint sh api -c \
            'set -e; dir=${LOOM_DATA_DIR:-/var/lib/loom}; cat >"$dir/loom.sqlite3.restore"
             sqlite3 "$dir/loom.sqlite3.restore" "PRAGMA integrity_check;" | grep -qx ok
             rm -f "$dir/loom.sqlite3-wal" "$dir/loom.sqlite3-shm"
             mv "$dir/loom.sqlite3.restore" "$dir/loom.sqlite3"'; then
            status=0
        else
            status=1
        fi
        echo "restore.sh: starting api"
        compose start api
        [ $status -eq 0 ] || die "restoring into the api volume failed; the old store was kept if the copy failed its integrity check"
        ;;
    sqlite)
        dir=$(dirname "$target")
        staged=$(mktemp "$dir/.loom-restore.XXXXXX")
        trap 'rm -f "$staged"' EXIT
        gzip -dc "$backup" >"$staged"
        [ "$(sqlite3 "$staged" 'PRAGMA integrity_check;')" = ok ] || die "$backup fails SQLite's integrity check; $target unchanged"
        if [ -e "$target" ]; then
            chown --reference="$target" "$staged" 2>/dev/null || true
            chmod --reference="$target" "$staged"
        fi
        rm -f "$target-wal" "$target-shm"
        mv "$staged" "$target"
        ;;
esac

echo "restore.sh: restored $what from $backup"
