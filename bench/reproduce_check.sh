#!/usr/bin/env bash
# Runs every benchmark command docs/benchmarks.md prints, and every bench program with its default
# arguments, against the build in BUILD-DIR, with STRATA_BENCH_SMOKE=1 (each count capped: seconds,
# not minutes). Fails, naming the command, when a command names a program that does not exist,
# exits non-zero, or prints no figures or a non-finite one (nan, inf).
# Usage: bench/reproduce_check.sh BUILD-DIR   (the suite runs it as the ctest bench_reproduce)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:?usage: bench/reproduce_check.sh BUILD-DIR}
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
DOC="$ROOT/docs/benchmarks.md"
export STRATA_BENCH_SMOKE=1
cd "$ROOT"

# The commands the doc names: `build/<any>/bench/<name>_bench [numbers]` and
# `bench/migrate_bench.sh <build> [numbers]`, with any build directory standing for BUILD.
mapfile -t documented < <(
  {
    grep -oE '(build/[A-Za-z<>_-]+|<dir>|<build-dir>)/bench/[a-z_]+_bench( [0-9]+)*' "$DOC" |
      sed -E 's#^(build/[A-Za-z<>_-]+|<dir>|<build-dir>)/#BUILD/#'
    grep -oE 'bench/migrate_bench\.sh (build/[A-Za-z<>_-]+|<dir>|<build-dir>)( [0-9]+)*' "$DOC" |
      sed -E 's#^bench/migrate_bench\.sh [^ ]+#bench/migrate_bench.sh BUILD#'
  } | sort -u)
commands=("${documented[@]}")
for src in bench/*_bench.cpp; do  # a program the doc does not run: its default arguments
  name=$(basename "$src" .cpp)
  printf '%s\n' "${documented[@]}" | grep -q "^BUILD/bench/$name\b" || commands+=("BUILD/bench/$name")
done

[ "${#commands[@]}" -gt 0 ] || { echo "reproduce_check: no commands found in $DOC" >&2; exit 1; }
failed=0
for command in "${commands[@]}"; do
  read -r -a words <<< "${command//BUILD/$BUILD}"
  program=${words[0]}
  if [ "$program" = bench/migrate_bench.sh ]; then
    words=(bash "${words[@]}")
  elif [ ! -x "$program" ]; then
    echo "FAILED: $command: docs/benchmarks.md names $program, which was not built (no bench/$(basename "$program").cpp?)"
    failed=$((failed + 1))
    continue
  fi
  t0=$(date +%s)
  set +e
  output=$("${words[@]}" 2>&1)
  rc=$?
  set -e
  if [ $rc -ne 0 ]; then
    reason="exit status $rc"
  elif printf '%s\n' "$output" | grep -qiwE -- '-?(nan|inf)'; then
    reason="a non-finite figure: $(printf '%s\n' "$output" | grep -iwE -- '-?(nan|inf)' | head -1)"
  elif ! printf '%s\n' "$output" | grep -qE '[0-9]\.[0-9]'; then
    reason="no figures"
  else
    echo "ok ($(($(date +%s) - t0)) s): $command"
    continue
  fi
  echo "FAILED: $command: $reason; its output ends:"
  printf '%s\n' "$output" | tail -15 | sed 's/^/  | /'
  failed=$((failed + 1))
done
echo "reproduce_check: ${#commands[@]} commands, $failed failed"
[ "$failed" -eq 0 ]
