// Private: normalising a migration, seed or imported tool's file (read_source_file is public).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "strata/migrate/migration.hpp"

namespace strata::migrate {

/// content without a leading UTF-8 byte-order mark, CRLF and lone CR as LF: what a migration's
/// checksum and sections are computed from, so changing only line endings is not an edit.
[[nodiscard]] std::string normalise_source(std::string_view content);

/// False when normalise_source(content) would return content unchanged (no byte-order mark, no
/// CR): the common case, where a caller can use content as it is and save a copy.
[[nodiscard]] bool needs_normalising(std::string_view content);

}  // namespace strata::migrate
