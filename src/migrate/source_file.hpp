// Private: reading a migration, seed or imported tool's file, and normalising its line endings.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace strata::migrate {

/// The bytes of the file at path, as they are. Throws MigrationFileError naming it when it
/// cannot be read.
[[nodiscard]] std::string read_source_file(const std::filesystem::path& path);

/// content without a leading UTF-8 byte-order mark, CRLF and lone CR as LF: what a migration's
/// checksum and sections are computed from, so changing only line endings is not an edit.
[[nodiscard]] std::string normalise_source(std::string_view content);

}  // namespace strata::migrate
