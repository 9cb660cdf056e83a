#!/usr/bin/env bash
# One long migration (default 500,000 INSERTs, ~50 MB) applied by `strata up` and by psql (one
# transaction, `psql -1 -f`) on one private PostgreSQL, in the same run. Prints the wall times,
# the ratio against psql, when strata printed its first progress line, and both peak RSS.
# Usage: bench/long_migration_bench.sh [build-dir] [statements]
set -euo pipefail
BUILD=${1:-build/release}
N=${2:-500000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STRATA="$ROOT/$BUILD/tools/strata/strata"
[ -x "$STRATA" ] || { echo "strata binary not found at $STRATA (build first)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/strata-long-bench-XXXXXX)
chmod 755 "$WORK"
cleanup() { (cd "$WORK/project" && "$STRATA" dev down >/dev/null 2>&1) || true; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/project/db/migrations"
cd "$WORK/project"
"$STRATA" init >/dev/null 2>&1
FILE="db/migrations/20240101000000_long.sql"
{
  printf -- '-- A long data migration.\n-- migrate:up\n'
  printf 'CREATE TABLE big (id bigint PRIMARY KEY, kind text NOT NULL, payload text NOT NULL);\n'
  awk -v n="$N" 'BEGIN { for (i = 1; i < n; i++)
    printf "INSERT INTO big (id, kind, payload) VALUES (%d, '"'"'k%d'"'"', '"'"'payload of row %010d, some text to fill it'"'"');\n", i, i % 7, i }'
  printf -- '-- migrate:down\nDROP TABLE big;\n'
} > "$FILE"
BYTES=$(stat -c %s "$FILE")

"$STRATA" dev up >/dev/null 2>&1
BASE=$("$STRATA" dev url 2>/dev/null | tail -1)
SOCKET=$(printf '%s' "$BASE" | sed -n 's/.*host=\([^&]*\).*/\1/p' | sed 's/%2F/\//g')
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$SOCKET" -U postgres)
url_for() { printf '%s' "$BASE" | sed "s#postgresql://\([^/]*\)/[^?]*#postgresql://\1/$1#"; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

"${PSQL[@]}" -d postgres -c "CREATE DATABASE long_psql" >/dev/null
"${PSQL[@]}" -d postgres -c "CREATE DATABASE long_strata" >/dev/null

# psql: the same file (strata's markers are comments to psql), one transaction.
t0=$(now)
/usr/bin/time -f %M -o "$WORK/psql.rss" "${PSQL[@]}" -1 -d long_psql -f "$FILE" >/dev/null
psql_s=$(calc "$(now) - $t0")

# strata up, every stderr line time-stamped as it arrives.
t0=$(now)
/usr/bin/time -f %M -o "$WORK/strata.rss" "$STRATA" --url "$(url_for long_strata)" up \
  2> >(while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done > "$WORK/progress.log") >/dev/null
t1=$(now)
sleep 0.2  # let the stamping loop drain
strata_s=$(calc "$t1 - $t0")
first=$(awk 'NR == 1 { print $1 }' "$WORK/progress.log")
first_s=$(calc "$first - $t0")
rows=$("${PSQL[@]}" -d long_strata -At -c "SELECT count(*) FROM big")
[ "$rows" = "$((N - 1))" ] || { echo "strata loaded $rows of $((N - 1)) rows" >&2; exit 1; }

printf 'one migration: %d statements, %.1f MB\n' "$N" "$(calc "$BYTES / 1048576")"
printf 'psql -1 -f:     %8.3f s   peak RSS %6d KB\n' "$psql_s" "$(tail -1 "$WORK/psql.rss")"
printf 'strata up:      %8.3f s   peak RSS %6d KB (%.1fx the file)   %.2fx psql\n' "$strata_s" \
  "$(tail -1 "$WORK/strata.rss")" "$(calc "$(tail -1 "$WORK/strata.rss") * 1024 / $BYTES")" \
  "$(calc "$strata_s / $psql_s")"
printf 'first progress line after %.3f s: %s\n' "$first_s" "$(awk 'NR == 1 { $1 = ""; print substr($0, 2) }' "$WORK/progress.log")"
echo "progress lines:"
awk -v t0="$t0" '{ t = $1; $1 = ""; printf "  +%6.2f s %s\n", t - t0, substr($0, 2) }' "$WORK/progress.log" | head -20
