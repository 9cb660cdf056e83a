// Drift: the differences between two catalogs, by object, as a report (never as SQL).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "strata/schema/catalog.hpp"

namespace strata::schema {

enum class Change : std::uint8_t { added, removed, changed };

/// One changed attribute of an object, with its values on both sides (JSON text).
struct AttributeChange {
    std::string attribute;
    std::string from;
    std::string to;
    bool operator==(const AttributeChange&) const = default;
};

/// One object present on one side only, or present on both with different attributes.
struct Difference {
    std::string kind;    ///< "table", "column", "index", "function", ...
    std::string object;  ///< "app.users", "app.users.email", "app.f(a integer)"
    Change change = Change::changed;
    std::vector<AttributeChange> attributes;  ///< for Change::changed
    bool operator==(const Difference&) const = default;
};

/// Every difference from `from` to `to`, ordered by kind order of the catalog, then object.
/// A table present on both sides reports its columns, constraints, indexes, triggers and
/// policies as objects of their own. Thread-safety: pure function.
[[nodiscard]] std::vector<Difference> diff(const Catalog& from, const Catalog& to);

/// One line per difference: "+ table app.t", "- index app.t.i",
/// "~ column app.t.c: type integer -> bigint; not_null false -> true".
[[nodiscard]] std::string format_differences(const std::vector<Difference>& differences);

/// [{"kind": ..., "object": ..., "change": "added|removed|changed", "attributes": [...]}]
[[nodiscard]] nlohmann::json differences_to_json(const std::vector<Difference>& differences);

}  // namespace strata::schema
