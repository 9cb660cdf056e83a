#!/usr/bin/env bash
# Migration benchmarks on one private PostgreSQL, each against psql in the same run:
#  1. N small migrations (a table, an index, a comment each) applied by strata up, psql (one
#     session, one transaction per file) and dbmate (npm package): times and ratios to psql.
#  2. One long migration (LONG_N statements, default 500,000: ~50 MB) applied by strata up and
#     by `psql -1 -f`: wall times, the ratio, when strata printed its first progress line, how
#     many it printed, and both peak RSS (strata's also as a multiple of the file size).
# Usage: bench/migrate_bench.sh [build-dir] [N] [LONG_N]   (N=0 or LONG_N=0 skips that part)
# Env: ROUNDS (default 3) rounds of part 1, the median reported. STRATA_BENCH_SMOKE=1 (the
# reproduce check, bench/reproduce_check.sh): at most 10 small migrations, 2,000 long-migration
# statements, one round, no dbmate: the command works and prints its ratios in seconds.
set -euo pipefail
BUILD=${1:-build/release}
N=${2:-500}
LONG_N=${3:-500000}
SMOKE=${STRATA_BENCH_SMOKE:-0}
if [ "$SMOKE" = 1 ]; then
  [ "$N" -gt 10 ] && N=10
  [ "$LONG_N" -gt 2000 ] && LONG_N=2000
  ROUNDS=1
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
STRATA="$BUILD/tools/strata/strata"
[ -x "$STRATA" ] || { echo "strata binary not found at $STRATA (build first)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/strata-migrate-bench-XXXXXX)
chmod 755 "$WORK"
cleanup() { (cd "$WORK/project" && "$STRATA" dev down >/dev/null 2>&1) || true; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/project/db/migrations" "$WORK/psql" "$WORK/long"
cd "$WORK/project"
"$STRATA" init >/dev/null 2>&1
"$STRATA" dev up >/dev/null 2>&1
BASE=$("$STRATA" dev url 2>/dev/null | tail -1)
SOCKET=$(printf '%s' "$BASE" | sed -n 's/.*host=\([^&]*\).*/\1/p' | sed 's/%2F/\//g')
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$SOCKET" -U postgres)
url_for() { printf '%s' "$BASE" | sed "s#postgresql://\([^/]*\)/[^?]*#postgresql://\1/$1#"; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

small_migrations() {
  # dbmate ships its binary inside the npm package; install it locally for the benchmark.
  local DBMATE=""
  if [ "$SMOKE" != 1 ] && command -v npm >/dev/null 2>&1; then
    (cd "$WORK" && npm install --silent --no-audit --no-fund dbmate >/dev/null 2>&1) && DBMATE="$WORK/node_modules/.bin/dbmate"
  fi
  for i in $(seq 1 "$N"); do
    v=$(printf "2024%010d" "$i")
    cat > "db/migrations/${v}_table_$i.sql" <<SQL
-- migrate:up
CREATE TABLE t_$i (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX t_${i}_name ON t_$i (name);
COMMENT ON TABLE t_$i IS 'table number $i';
-- migrate:down
DROP TABLE t_$i;
SQL
    printf 'BEGIN;\nCREATE TABLE t_%d (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\nCREATE INDEX t_%d_name ON t_%d (name);\nCOMMENT ON TABLE t_%d IS '"'"'table number %d'"'"';\nCOMMIT;\n' "$i" "$i" "$i" "$i" "$i" >> "$WORK/psql/all.sql"
  done

  # ROUNDS rounds, each on three fresh databases, the order of the tools rotating so that no
  # tool always runs first on a cold cluster; the median per tool is reported.
  local ROUNDS=${ROUNDS:-3}
  local strata_t=() psql_t=() dbmate_t=()
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
  local tools=(strata psql)
  [ -n "$DBMATE" ] && tools+=(dbmate)
  for r in $(seq 1 "$ROUNDS"); do
    local order=("${tools[@]:$((r % ${#tools[@]}))}" "${tools[@]:0:$((r % ${#tools[@]}))}")
    for tool in "${order[@]}"; do
      db="b_${tool}_$r"
      "${PSQL[@]}" -d postgres -c "CREATE DATABASE $db" >/dev/null
      t=$(run_tool "$tool" "$db")
      case $tool in strata) strata_t+=("$t") ;; psql) psql_t+=("$t") ;; dbmate) dbmate_t+=("$t") ;; esac
    done
    applied=$("${PSQL[@]}" -d "b_strata_$r" -At -c "SELECT count(*) FROM strata_migrations")
    [ "$applied" = "$N" ] || { echo "strata applied $applied of $N" >&2; exit 1; }
  done
  local strata_s psql_s dbmate_s
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
}

long_migration() {
  (cd "$WORK/long" && "$STRATA" init >/dev/null 2>&1)
  local FILE="$WORK/long/db/migrations/20240101000000_long.sql"
  {
    printf -- '-- A long data migration.\n-- migrate:up\n'
    printf 'CREATE TABLE big (id bigint PRIMARY KEY, kind text NOT NULL, payload text NOT NULL);\n'
    awk -v n="$LONG_N" 'BEGIN { for (i = 1; i < n; i++)
      printf "INSERT INTO big (id, kind, payload) VALUES (%d, '"'"'k%d'"'"', '"'"'payload of row %010d, some text to fill it'"'"');\n", i, i % 7, i }'
    printf -- '-- migrate:down\nDROP TABLE big;\n'
  } > "$FILE"
  local BYTES psql_s strata_s t0 t1 first first_s rows lines
  BYTES=$(stat -c %s "$FILE")
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE long_psql" >/dev/null
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE long_strata" >/dev/null

  # The read-only commands on the pending migration: wall time, peak RSS, their first line.
  local rss_lines=()
  measure() {  # measure LABEL ARGS...: runs strata ARGS in the long project
    local label=$1 t0 secs rss first_line
    shift
    t0=$(now)
    (cd "$WORK/long" && /usr/bin/time -f %M -o "$WORK/cmd.rss" "$STRATA" --url "$(url_for long_strata)" "$@" \
      >/dev/null 2>"$WORK/cmd.err") || true
    secs=$(calc "$(now) - $t0")
    rss=$(tail -1 "$WORK/cmd.rss")
    first_line=$(grep -m1 '^strata: ' "$WORK/cmd.err" || true)
    rss_lines+=("$(printf '%-16s %8.3f s   peak RSS %6d KB (%.1fx the file)   first line: %s' "$label:" \
      "$secs" "$rss" "$(calc "$rss * 1024 / $BYTES")" "${first_line:-(none)}")")
  }
  measure "strata status" status
  measure "strata lint" lint
  measure "strata up --sql" up --sql

  # psql: the same file (strata's markers are comments to psql), one transaction.
  psql_s=0
  : > "$WORK/psql.rss"
  if [ "${LONG_PSQL:-1}" != 0 ]; then
    t0=$(now)
    /usr/bin/time -f %M -o "$WORK/psql.rss" "${PSQL[@]}" -1 -d long_psql -f "$FILE" >/dev/null
    psql_s=$(calc "$(now) - $t0")
  else
    echo 0 > "$WORK/psql.rss"
  fi

  # strata up, every stderr line time-stamped as it arrives.
  t0=$(now)
  (cd "$WORK/long" && /usr/bin/time -f %M -o "$WORK/strata.rss" "$STRATA" --url "$(url_for long_strata)" up \
    2> >(while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done > "$WORK/progress.log") >/dev/null)
  t1=$(now)
  # The stamping loop ends when strata's stderr closes; wait for its last line.
  for _ in $(seq 1 100); do grep -q 'applied 1 migration' "$WORK/progress.log" && break; sleep 0.05; done
  strata_s=$(calc "$t1 - $t0")
  first=$(awk 'NR == 1 { print $1 }' "$WORK/progress.log")
  first_s=$(calc "$first - $t0")
  lines=$(grep -c -e 'checking ' -e 'applying 20240101000000_long: statement' "$WORK/progress.log" || true)
  rows=$("${PSQL[@]}" -d long_strata -At -c "SELECT count(*) FROM big")
  [ "$rows" = "$((LONG_N - 1))" ] || { echo "strata loaded $rows of $((LONG_N - 1)) rows" >&2; exit 1; }

  measure "strata verify" verify
  local srss
  srss=$(tail -1 "$WORK/strata.rss")
  printf 'one migration: %d statements, %.1f MB\n' "$LONG_N" "$(calc "$BYTES / 1048576")"
  printf 'psql -1 -f:     %8.3f s   peak RSS %6d KB\n' "$psql_s" "$(tail -1 "$WORK/psql.rss")"
  printf 'strata up:      %8.3f s   peak RSS %6d KB (%.1fx the file)   %.2fx psql\n' "$strata_s" \
    "$srss" "$(calc "$srss * 1024 / $BYTES")" "$(calc "$strata_s / ($psql_s > 0 ? $psql_s : 1)")"
  printf '%s\n' "${rss_lines[@]}"
  printf 'first progress line after %.3f s (goal: within 1 s): %s\n' "$first_s" \
    "$(awk 'NR == 1 { $1 = ""; print substr($0, 2) }' "$WORK/progress.log")"
  printf 'progress lines (checking/applying): %d\n' "$lines"
  awk -v t0="$t0" '{ t = $1; $1 = ""; printf "  +%6.2f s %s\n", t - t0, substr($0, 2) }' "$WORK/progress.log" | head -12
}

[ "$N" -gt 0 ] && small_migrations
[ "$N" -gt 0 ] && [ "$LONG_N" -gt 0 ] && echo
[ "$LONG_N" -gt 0 ] && long_migration
exit 0
