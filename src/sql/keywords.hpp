// PostgreSQL 15 keywords that cannot be used as a bare identifier everywhere.
#pragma once

#include <string_view>

namespace strata::sql {

/// True when word (lower case) is a PostgreSQL 15 keyword other than an unreserved one
/// (reserved, column-name or type/function-name): as the server's quote_ident() does, such
/// identifiers are quoted. Thread-safety: pure function.
[[nodiscard]] bool is_non_unreserved_keyword(std::string_view word);

}  // namespace strata::sql
