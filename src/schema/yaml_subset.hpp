// A strict YAML subset parser (mappings, scalars, lists of scalars, comments) with line numbers.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::schema::yaml {

struct Entry;

struct Node {
    enum class Kind { scalar, map, list };
    Kind kind = Kind::scalar;
    std::string value;           ///< scalar text
    std::vector<Entry> entries;  ///< map entries in file order
    std::vector<Node> items;     ///< list items
    int line = 0;
    bool null = false;  ///< `key:` with nothing after it
};

/// One `key: value` of a map (a struct, not std::pair: pair<string, Node> inside Node needs
/// Node complete, which libstdc++ with clang refuses).
struct Entry {
    std::string key;
    Node value;
};

/// Parses text; throws ConfigError "<file>:<line>: <what>" on anything outside the subset
/// (anchors, tags, nested lists, duplicate keys, tabs in indentation, bad quoting).
Node parse(std::string_view text, std::string_view file);

}  // namespace strata::schema::yaml
