// Encoding Values as PostgreSQL parameters (binary for fixed-width types) and COPY fields.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "strata/driver/value.hpp"

namespace strata::driver::pg {

/// The four parallel arrays PQexecParams wants, built without per-call allocation once warm.
/// Text and bytea values point into the caller's Values, which must outlive the send.
class ParamBuffer {
public:
    void encode(std::span<const Value> params);

    [[nodiscard]] int count() const { return static_cast<int>(types_.size()); }
    [[nodiscard]] const std::uint32_t* types() const { return types_.data(); }
    [[nodiscard]] const char* const* values() const { return values_.data(); }
    [[nodiscard]] const int* lengths() const { return lengths_.data(); }
    [[nodiscard]] const int* formats() const { return formats_.data(); }

private:
    std::vector<std::uint32_t> types_;
    std::vector<const char*> values_;
    std::vector<int> lengths_;
    std::vector<int> formats_;
    std::vector<std::size_t> offsets_;  // into scratch_, or SIZE_MAX when values_ is set directly
    std::string scratch_;
};

/// The OID a Value is sent as (0 = unknown for NULL and std::string, so the server infers
/// enums, citext, inet, ... from context).
std::uint32_t param_oid(const Value& value);

/// Appends the binary COPY form of value for a column of type column_oid (ints widen or narrow
/// with a range check, text/json/numeric are converted to binary). Throws UsageError when the
/// value cannot be stored in that column type.
void append_copy_field(const Value& value, std::uint32_t column_oid, std::string& out);

/// Text form of a parameter for DB_ECHO lines ("'abc'", "42", "<16 bytes>", "NULL").
std::string param_for_log(const Value& value);

}  // namespace strata::driver::pg
