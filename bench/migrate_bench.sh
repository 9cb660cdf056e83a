#!/usr/bin/env bash
# Applies N small migrations (a table, an index, a comment each) three ways on one private
# PostgreSQL, side by side in one run: strata up, psql (one session, one transaction per file),
# and dbmate (npm package). Prints the times and the ratios against psql.
# Usage: bench/migrate_bench.sh [build-dir] [N]
set -euo pipefail
BUILD=${1:-build/release}
N=${2:-500}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STRATA="$ROOT/$BUILD/tools/strata/strata"
[ -x "$STRATA" ] || { echo "strata binary not found at $STRATA (build first)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/strata-migrate-bench-XXXXXX)
chmod 755 "$WORK"
cleanup() { (cd "$WORK/project" && "$STRATA" dev down >/dev/null 2>&1) || true; rm -rf "$WORK"; }
trap cleanup EXIT

# dbmate ships its binary inside the npm package; install it locally for the benchmark.
DBMATE=""
if command -v npm >/dev/null 2>&1; then
  (cd "$WORK" && npm install --silent --no-audit --no-fund dbmate >/dev/null 2>&1) && DBMATE="$WORK/node_modules/.bin/dbmate"
fi

mkdir -p "$WORK/project/db/migrations" "$WORK/psql"
cd "$WORK/project"
"$STRATA" init >/dev/null 2>&1
for i in $(seq 1 "$N"); do
  v=$(printf "2024%010d" "$i")
  f="db/migrations/${v}_table_$i.sql"
  cat > "$f" <<SQL
-- migrate:up
CREATE TABLE t_$i (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX t_${i}_name ON t_$i (name);
COMMENT ON TABLE t_$i IS 'table number $i';
-- migrate:down
DROP TABLE t_$i;
SQL
  printf 'BEGIN;\nCREATE TABLE t_%d (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\nCREATE INDEX t_%d_name ON t_%d (name);\nCOMMENT ON TABLE t_%d IS '"'"'table number %d'"'"';\nCOMMIT;\n' "$i" "$i" "$i" "$i" "$i" >> "$WORK/psql/all.sql"
done

"$STRATA" dev up >/dev/null 2>&1
BASE=$("$STRATA" dev url 2>/dev/null | tail -1)
SOCKET=$(printf '%s' "$BASE" | sed -n 's/.*host=\([^&]*\).*/\1/p' | sed 's/%2F/\//g')
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$SOCKET" -U postgres)
for db in b_strata b_psql b_dbmate; do "${PSQL[@]}" -d postgres -c "CREATE DATABASE $db" >/dev/null; done
url_for() { printf '%s' "$BASE" | sed "s#postgresql://\([^/]*\)/[^?]*#postgresql://\1/$1#"; }

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
t0=$(now); "$STRATA" --quiet --url "$(url_for b_strata)" up >/dev/null; t1=$(now)
strata_s=$(calc "$t1 - $t0")
t0=$(now); "${PSQL[@]}" -d b_psql -f "$WORK/psql/all.sql" >/dev/null; t1=$(now)
psql_s=$(calc "$t1 - $t0")
applied=$("${PSQL[@]}" -d b_strata -At -c "SELECT count(*) FROM strata_migrations")
[ "$applied" = "$N" ] || { echo "strata applied $applied of $N" >&2; exit 1; }

printf 'migrations: %d (a table, an index and a comment each)\n' "$N"
printf 'psql (one session, one transaction per file): %8.3f s\n' "$psql_s"
printf 'strata up:                                    %8.3f s   %.2fx psql\n' "$strata_s" "$(calc "$strata_s / $psql_s")"
if [ -n "$DBMATE" ]; then
  t0=$(now)
  DATABASE_URL="postgres://postgres@/b_dbmate?socket=$SOCKET&sslmode=disable" \
    "$DBMATE" --migrations-dir "$WORK/project/db/migrations" --no-dump-schema up >/dev/null
  t1=$(now)
  dbmate_s=$(calc "$t1 - $t0")
  printf 'dbmate up:                                    %8.3f s   %.2fx psql   (strata is %.2fx faster)\n' \
    "$dbmate_s" "$(calc "$dbmate_s / $psql_s")" "$(calc "$dbmate_s / $strata_s")"
else
  echo "dbmate: not available (npm install dbmate failed)"
fi
