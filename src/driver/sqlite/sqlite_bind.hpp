// Binding strata Values to SQLite statement parameters, and the text forms used for storage.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "strata/driver/value.hpp"

struct sqlite3_stmt;

namespace strata::driver::sqlite {

/// "2024-01-02T03:04:05.123456Z": always six fraction digits so text order is time order.
/// Years outside 1..9999 and +/-infinity fall back to Timestamptz::to_string().
std::string format_timestamp(const Timestamptz& ts);
/// "2024-01-02"; years outside 1..9999 and +/-infinity fall back to Date::to_string().
std::string format_date(const Date& date);
/// Arrays are stored as JSON array text (see docs/sqlite.md for the element encodings).
std::string format_array(const Value& value);

/// For each SQLite parameter slot (1-based slot i at index i-1), the 0-based strata parameter it
/// receives: `$N` and `?NNN` map to N-1, a bare `?` to its position. Throws UsageError for
/// `:name` / `@name` parameters.
struct ParamMap {
    std::vector<std::uint32_t> slot_to_param;
    std::size_t expected = 0;  ///< highest parameter number referenced
};
ParamMap build_param_map(sqlite3_stmt* stmt, std::string_view sql);

/// Binds params through map; throws UsageError when the count differs from map.expected.
void bind_params(sqlite3_stmt* stmt, const ParamMap& map, std::span<const Value> params,
                 std::string_view sql);

/// Short text for DB_ECHO lines with parameters.
std::string describe_value(const Value& value);

}  // namespace strata::driver::sqlite
