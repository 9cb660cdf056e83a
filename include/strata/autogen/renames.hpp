// `-- strata:renamed-from old_name` annotations of a desired schema's SQL.
#pragma once

#include <string_view>

#include "strata/autogen/plan.hpp"

namespace strata::autogen {

/// The renames a desired schema's SQL declares. The annotation stands on the line before the
/// object or at the end of its line: before `CREATE TABLE s.new (` (old name qualified, or in
/// the same schema) or a column line inside it (old column name). Unqualified table names are
/// in `default_schema`. Throws UsageError naming file:line for an annotation on nothing it can
/// rename. Thread-safety: pure function.
[[nodiscard]] Renames read_renames(std::string_view sql, std::string_view file,
                                   std::string_view default_schema = "public");

}  // namespace strata::autogen
