// The committed analysis, db/queries/strata_gen.json: what builds generate code from.
#pragma once

#include <string>
#include <string_view>

#include "strata/codegen/analysis.hpp"

namespace strata::codegen {

/// The snapshot as JSON text (shape in docs/codegen.md): keys in a fixed order, two-space
/// indent, a final newline; the same analysis always renders the same bytes.
[[nodiscard]] std::string render_snapshot(const Snapshot& snapshot);

/// Reads render_snapshot's output back. Throws CodegenError naming file for a malformed
/// snapshot.
[[nodiscard]] Snapshot parse_snapshot(std::string_view text, const std::string& file);

}  // namespace strata::codegen
