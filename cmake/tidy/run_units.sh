#!/usr/bin/env bash
# Runs clang-tidy on every unit that cmake/tidy/units.cmake wrote, JOBS at a time, the largest
# unit first (run-clang-tidy starts them in hash order: the largest unit could start last and
# run alone while the other cores idle). Prints each unit's output whole, largest first, once
# all are done; exits 1 when clang-tidy failed on any unit (an error or a crash).
#   cmake/tidy/run_units.sh <clang-tidy binary> <units dir> <config file> <jobs>
set -uo pipefail
tidy=$1
dir=$2
config=$3
jobs=$4
mapfile -t units < <(ls -S "$dir"/*.cpp)
[ "${#units[@]}" -gt 0 ] || { echo "tidy: no units in $dir" >&2; exit 1; }

check_unit() {
    "$tidy" -p "$dir" -quiet --config-file="$config" "$1" >"$1.log" 2>&1
    echo $? >"$1.status"
}

for unit in "${units[@]}"; do
    rm -f "$unit.log" "$unit.status"
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    check_unit "$unit" &
done
wait

failed=0
for unit in "${units[@]}"; do
    cat "$unit.log"
    status=$(cat "$unit.status" 2>/dev/null || echo "none")
    if [ "$status" != 0 ]; then
        echo "clang-tidy failed on $unit (exit status $status)"
        failed=1
    fi
done
echo "clang-tidy: ${#units[@]} units, $([ $failed = 0 ] && echo "all clean" || echo "some failed")"
exit $failed
