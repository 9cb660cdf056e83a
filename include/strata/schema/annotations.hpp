// Annotations: db/schema_annotations.yaml (table and column descriptions, tags) merged into the
// docs.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "strata/schema/catalog.hpp"

namespace strata::schema {

struct ColumnAnnotation {
    std::string description;
    std::vector<std::string> tags;
    int line = 0;  ///< where it is declared in the file
};

struct TableAnnotation {
    std::string description;
    std::vector<std::string> tags;
    std::map<std::string, ColumnAnnotation> columns;
    int line = 0;
};

/// The parsed annotations file. Tables are keyed "schema.table" ("table" alone means public,
/// or main on SQLite).
struct Annotations {
    std::string file;  ///< for messages
    std::map<std::string, TableAnnotation> tables;
};

/// Parses the file's YAML subset:
///
///     tables:
///       app.users:
///         description: People who sign in.   # a comment
///         tags: [auth, pii]
///         columns:
///           email:
///             description: >
///               Folded text over
///               several lines.
///             tags:
///               - pii
///
/// Mappings, plain or quoted scalars, `|`/`>` block scalars, flow and block lists of scalars,
/// comments. Throws ConfigError "file:line: ..." for anything else, an unknown key or a wrong
/// type. Thread-safety: pure function.
[[nodiscard]] Annotations parse_annotations(std::string_view text, std::string_view file_name);

/// Reads and parses path; an absent file gives empty annotations.
[[nodiscard]] Annotations load_annotations(const std::filesystem::path& path);

/// The catalog key of an annotation table key: "users" -> "public.users" (or "main.users").
[[nodiscard]] std::string annotation_key(const Catalog& cat, std::string_view key);

/// docs --check findings: annotated tables or columns that no longer exist (with file:line) and
/// tables with neither a comment nor an annotated description. Empty when all is well.
[[nodiscard]] std::vector<std::string> check_annotations(const Catalog& cat,
                                                         const Annotations& ann);

}  // namespace strata::schema
