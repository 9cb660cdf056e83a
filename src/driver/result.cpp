// Result lookups and the error helpers the decoding templates in result.hpp call.
#include "strata/driver/result.hpp"

#include <fmt/format.h>

namespace strata::driver {

std::optional<std::size_t> Result::find_column(std::string_view name) const {
    const std::size_t n = columns();
    for (std::size_t c = 0; c < n; ++c) {
        if (impl_->column_name(c) == name) return c;
    }
    return std::nullopt;
}

Row Result::at(std::size_t row) const {
    if (row >= size()) {
        throw UsageError(fmt::format("row {} is out of range: the result of `{}` has {} row(s)",
                                     row, query_, size()));
    }
    return Row(this, row);
}

void throw_decode_error(const Result& result, std::size_t col, const Cell& cell,
                        std::string_view wanted, std::string_view why) {
    throw DecodeError(fmt::format(
        "cannot decode column {} \"{}\" ({}) into {}: {}{}", col, result.column_name(col),
        cell_type_name(cell), wanted, why,
        result.query().empty() ? std::string() : fmt::format(" (query: {})", result.query())));
}

void throw_no_such_column(const Result& result, std::string_view name) {
    std::string have;
    for (std::size_t c = 0; c < result.columns(); ++c) {
        if (c) have += ", ";
        have += result.column_name(c);
    }
    throw DecodeError(fmt::format(
        "the result has no column \"{}\" (columns: {}){}", name, have,
        result.query().empty() ? std::string() : fmt::format(" (query: {})", result.query())));
}

void throw_row_count(const Result& result, std::size_t wanted) {
    throw DecodeError(fmt::format(
        "expected {} row(s) but the result has {}{}", wanted, result.size(),
        result.query().empty() ? std::string() : fmt::format(" (query: {})", result.query())));
}

}  // namespace strata::driver
