#!/usr/bin/env bash
# Proves the clang-tidy unit pipeline still has its teeth before `make tidy` trusts a clean run:
# bugs planted in the second and third source of a unit must be reported at their own
# source:line, the path-sensitive analyzer included (it only looks at main-file code).
#   cmake/tidy/selftest.sh <clang-tidy binary> <repo dir>
set -euo pipefail
tidy=$1
repo=$2
work=$(mktemp -d /tmp/strata-tidy-selftest-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/demo"

cat >"$work/src/demo/a.cpp" <<'EOF'
// first source: clean
int first() { return 1; }
EOF
cat >"$work/src/demo/b.cpp" <<'EOF'
// second source: a null dereference only a path-sensitive check sees
namespace {
int deref(const int* p) { return *p; }
}  // namespace
int second() { return deref(nullptr); }
EOF
cat >"$work/src/demo/c.cpp" <<'EOF'
// third source: use after move
#include <string>
#include <utility>

std::string third(std::string s) {
    std::string t = std::move(s);
    return s + t;
}
EOF
{
    printf '['
    sep=''
    for f in a b c; do
        printf '%s{"directory":"%s","file":"%s/src/demo/%s.cpp","command":"c++ -std=c++23 -o src/CMakeFiles/demo.dir/demo/%s.cpp.o -c %s/src/demo/%s.cpp"}' \
            "$sep" "$work" "$work" "$f" "$f" "$work" "$f"
        sep=','
    done
    printf ']\n'
} >"$work/compile_commands.json"

cmake -DCOMPILE_DB="$work/compile_commands.json" -DSOURCE_DIR="$work" -DOUT_DIR="$work/units" \
    -P "$repo/cmake/tidy/units.cmake" >/dev/null
out=$("$tidy" -p "$work/units" -quiet --config-file="$repo/.clang-tidy" "$work/units/demo.cpp" 2>&1 |
    awk -f "$repo/cmake/tidy/map_locations.awk" "$work/units/demo.map" - || true)

fail=0
expect() {
    if ! grep -qF -- "$1" <<<"$out"; then
        echo "tidy self-test: expected a line containing: $1"
        fail=1
    fi
}
expect "$work/src/demo/b.cpp:3:34: error: Dereference of null pointer"
expect "[clang-analyzer-core.NullDereference"
expect "$work/src/demo/c.cpp:7:12: error: 's' used after it was moved [bugprone-use-after-move"
expect "    3 | int deref(const int* p) { return *p; }"
if grep -qF "$work/units/demo.cpp:" <<<"$out"; then
    echo "tidy self-test: a position in the unit was not mapped back to its source"
    fail=1
fi
if [ $fail -ne 0 ]; then
    echo "--- clang-tidy said:"
    echo "$out"
    exit 1
fi
echo "tidy self-test: planted bugs found at their sources (analyzer and bugprone checks)"
