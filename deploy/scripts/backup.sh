#!/usr/bin/env bash
# backup.sh: one timestamped, gzipped backup of Loom's database, and removal of old ones. Made for
# cron: quiet on success except one line naming the file, non-zero with a message on failure,
# and a lock so two runs never overlap.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat <<'EOF'
Usage: backup.sh [--dir DIR] [--keep-days N] MODE [FILE]

Writes DIR/loom-<mode>-<UTC timestamp>.{sql,sqlite3}.gz, then deletes this script's backups in
DIR older than N days.

Modes:
  url              pg_dump of DATABASE_URL (postgresql://…) from this host; needs pg_dump
                   (Debian: postgresql-client) of the server's major version or newer.
  compose          pg_dump inside the `postgres` service of the compose deployment.
  compose-sqlite   the embedded SQLite store of the compose `api` service
                   (docker-compose.embedded.yml), copied with sqlite3's online .backup.
  sqlite FILE      a SQLite file on this host (bare-metal embedded mode: LOOM_DATA_DIR/loom.sqlite3),
                   with sqlite3's online .backup; needs sqlite3.

Options:
  -d, --dir DIR        backup directory (default: $LOOM_BACKUP_DIR, else ./backups)
  -k, --keep-days N    delete backups older than N days (default: $LOOM_BACKUP_KEEP_DAYS, else 30)
  -h, --help           this text

Environment:
  DATABASE_URL    for `url`
  LOOM_COMPOSE    the compose command for `compose`/`compose-sqlite`, run in deploy/ (default:
                  `docker compose`, else `docker-compose`). Give the project and files when they
                  are not the defaults, e.g. LOOM_COMPOSE="docker compose -p loom".

Cron (daily at 03:17, keeps 30 days):
  17 3 * * * /opt/loom/deploy/scripts/backup.sh --dir /var/backups/loom compose >>/var/log/loom-backup.log 2>&1
EOF
}

dir=${LOOM_BACKUP_DIR:-./backups}
keep_days=${LOOM_BACKUP_KEEP_DAYS:-30}
mode=""
sqlite_file=""

while [ $# -gt 0 ]; do
    case "$1" in
        -d|--dir) [ $# -ge 2 ] || die "$1 needs a directory"; dir=$2; shift 2 ;;
        -k|--keep-days) [ $# -ge 2 ] || die "$1 needs a number of days"; keep_days=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        -*) usage >&2; die "unknown option $1" ;;
        *)
            if [ -z "$mode" ]; then mode=$1
            elif [ "$mode" = sqlite ] && [ -z "$sqlite_file" ]; then sqlite_file=$1
            else usage >&2; die "unexpected argument $1"
            fi
            shift ;;
    esac
done

[ -n "$mode" ] || { usage >&2; die "no mode given"; }
case "$keep_days" in ''|*[!0-9]*) die "--keep-days must be a whole number of days, not '$keep_days'" ;; esac
case "$mode" in
    url|compose) extension=sql.gz ;;
    compose-sqlite|sqlite) extension=sqlite3.gz ;;
    *) usage >&2; die "unknown mode '$mode'" ;;
esac

need gzip "install gzip"
# Dumps hold repository secrets and review history: readable by the owner only.
umask 077
mkdir -p "$dir" || die "cannot create backup directory $dir"
dir=$(cd "$dir" && pwd)

# One run at a time (cron may start the next before a slow dump ends).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$dir/.backup.lock"
    flock -n 9 || die "another backup is running in $dir (lock $dir/.backup.lock)"
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$dir/loom-$mode-$stamp.$extension"
# Two runs within one second never overwrite each other.
n=1
while [ -e "$target" ]; do
    target="$dir/loom-$mode-$stamp-$n.$extension"
    n=$((n + 1))
done
partial="$target.partial"
trap 'rm -f "$partial"' EXIT

case "$mode" in
    url)
        [ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set"
        case "$DATABASE_URL" in
            postgres://*|postgresql://*) ;;
            *) die "DATABASE_URL is not a postgresql:// URL (for the embedded store use the sqlite mode)" ;;
        esac
        need pg_dump "install postgresql-client"
        # --clean --if-exists: the dump drops and recreates Loom's objects when restored.
        pg_dump --dbname="$DATABASE_URL" --clean --if-exists --no-owner --no-privileges | gzip -9 >"$partial" \
            || die "pg_dump of DATABASE_URL failed"
        ;;
    compose)
        # Inside the container: the image's own POSTGRES_USER/POSTGRES_DB, over the local socket.
        # shellcheck disable=SC2016  # expanded by the shell inside the container
        compose exec -T postgres sh -c \
            'pg_dump -U "$POSTGRES_USER" -d "$POSTGRES_DB" --clean --if-exists --no-owner --no-privileges' \
            | gzip -9 >"$partial" \
            || die "pg_dump in the compose postgres service failed (is it running? docker compose ps postgres)"
        ;;
    compose-sqlite)
        # .backup is SQLite's online backup: a consistent copy while Loom keeps writing.
        # shellcheck disable=SC2016  # expanded by the shell inside the container
        compose exec -T api sh -c \
            'set -e; tmp=$(mktemp /tmp/loom-backup.XXXXXX); trap "rm -f \"$tmp\"" EXIT
             sqlite3 "${LOOM_DATA_DIR:-/var/lib/loom}/loom.sqlite3" ".backup \"$tmp\""; cat "$tmp"' \
            | gzip -9 >"$partial" \
            || die "SQLite backup in the compose api service failed (is it running? docker compose ps api)"
        ;;
    sqlite)
        [ -n "$sqlite_file" ] || die "sqlite mode needs the database file, e.g. .loom-data/loom.sqlite3"
        [ -f "$sqlite_file" ] || die "no such file: $sqlite_file"
        need sqlite3 "install sqlite3"
        copy=$(mktemp "$dir/.loom-sqlite.XXXXXX")
        trap 'rm -f "$partial" "$copy"' EXIT
        sqlite3 "$sqlite_file" ".backup '$copy'" || die "sqlite3 .backup of $sqlite_file failed"
        gzip -9 -c "$copy" >"$partial"
        ;;
esac

gzip -t "$partial" || die "the new backup does not read back as gzip: $partial"
[ "$(gzip -dc "$partial" | head -c 1 | wc -c)" -eq 1 ] || die "the new backup is empty"
mv "$partial" "$target"
echo "backup.sh: wrote $target ($(du -h "$target" | cut -f1))"

# Retention: only files this script wrote.
find "$dir" -maxdepth 1 -type f -name 'loom-*.gz' -mtime +"$keep_days" -print -delete \
    | sed 's/^/backup.sh: deleted old backup /'
