# Turns positions in a clang-tidy unit (cmake/tidy/units.cmake) back into source:line:column.
#   awk -f map_locations.awk <dir>/*.map -  < clang-tidy output
# A .map file starts with "unit <path of the unit>", then one "<first line> <source>" per source.
FILENAME ~ /\.map$/ && $1 == "unit" {
    unit = $2
    units[++nunits] = unit
    count[unit] = 0
    next
}
FILENAME ~ /\.map$/ {
    k = ++count[unit]
    first[unit, k] = $1
    source[unit, k] = $2
    next
}
# Snippet gutters ("   7 | code") under a mapped diagnostic get the source's line numbers too.
shift && match($0, /^ *[0-9]+ \|/) {
    n = substr($0, 1, RLENGTH - 2) + 0
    printf "%" (RLENGTH - 2) "d |%s\n", n - shift, substr($0, RLENGTH + 1)
    next
}
{
    line = $0
    if (line ~ /^[^ ]+:[0-9]+:[0-9]+: /) shift = 0
    for (u = 1; u <= nunits; u++) {
        unit = units[u]
        out = ""
        while ((at = index(line, unit ":")) > 0) {
            rest = substr(line, at + length(unit) + 1)
            if (!match(rest, /^[0-9]+/)) break
            n = substr(rest, 1, RLENGTH) + 0
            # The last source whose first line is at or before n.
            k = 1
            while (k < count[unit] && first[unit, k + 1] <= n) k++
            out = out substr(line, 1, at - 1) source[unit, k] ":" (n - first[unit, k] + 1)
            if (at == 1) shift = first[unit, k] - 1
            line = substr(rest, RLENGTH + 1)
        }
        line = out line
    }
    print line
}
