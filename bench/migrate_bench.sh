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
url_for() { printf '%s' "$BASE" | sed "s#postgresql://\([^/]*\)/[^?]*#postgresql://\1/$1#"; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# ROUNDS rounds, each on three fresh databases, the order of the tools rotating so that no tool
# always runs first on a cold cluster; the median per tool is reported.
ROUNDS=${ROUNDS:-3}
strata_t=(); psql_t=(); dbmate_t=()
run_tool() {  # run_tool NAME DB
  local t0 t1
  t0=$(now)
  case $1 in
    strata) "$STRATA" --quiet --url "$(url_for "$2")" up >/dev/null ;;
    psql) "${PSQL[@]}" -d "$2" -f "$WORK/psql/all.sql" >/dev/null ;;
    dbmate) DATABASE_URL="postgres://postgres@/$2?socket=$SOCKET&sslmode=disable" \
              "$DBMATE" --migrations-dir "$WORK/project/db/migrations" --no-dump-schema up >/dev/null ;;
  esac
  t1=$(now)
  calc "$t1 - $t0"
}
tools=(strata psql)
[ -n "$DBMATE" ] && tools+=(dbmate)
for r in $(seq 1 "$ROUNDS"); do
  order=("${tools[@]:$((r % ${#tools[@]}))}" "${tools[@]:0:$((r % ${#tools[@]}))}")
  for tool in "${order[@]}"; do
    db="b_${tool}_$r"
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE $db" >/dev/null
    t=$(run_tool "$tool" "$db")
    case $tool in strata) strata_t+=("$t") ;; psql) psql_t+=("$t") ;; dbmate) dbmate_t+=("$t") ;; esac
  done
  applied=$("${PSQL[@]}" -d "b_strata_$r" -At -c "SELECT count(*) FROM strata_migrations")
  [ "$applied" = "$N" ] || { echo "strata applied $applied of $N" >&2; exit 1; }
done
strata_s=$(median "${strata_t[@]}")
psql_s=$(median "${psql_t[@]}")

printf 'migrations: %d (a table, an index and a comment each); median of %d rounds, order rotating\n' "$N" "$ROUNDS"
printf 'psql (one session, one transaction per file): %8.3f s\n' "$psql_s"
printf 'strata up:                                    %8.3f s   %.2fx psql\n' "$strata_s" "$(calc "$strata_s / $psql_s")"
if [ -n "$DBMATE" ]; then
  dbmate_s=$(median "${dbmate_t[@]}")
  printf 'dbmate up:                                    %8.3f s   %.2fx psql   (strata is %.2fx faster)\n' \
    "$dbmate_s" "$(calc "$dbmate_s / $psql_s")" "$(calc "$dbmate_s / $strata_s")"
else
  echo "dbmate: not available (npm install dbmate failed)"
fi
