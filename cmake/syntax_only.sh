#!/bin/sh
# Compiler launcher of the header check: runs the compile command it is given with -fsyntax-only
# (parse and check every declaration and instantiation, emit no code) and leaves an empty object
# file where the build tool expects one. Usage (CMake does this): syntax_only.sh <compiler> <args>
out=
prev=
for arg in "$@"; do
    [ "$prev" = "-o" ] && out=$arg
    prev=$arg
done
"$@" -fsyntax-only || exit $?
[ -n "$out" ] && : >"$out"
