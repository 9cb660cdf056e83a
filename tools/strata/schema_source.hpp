// A schema named on the command line (URL, .sql file, directory of .sql files, catalog JSON)
// read into a Catalog; SQL is loaded into a scratch database of strata's test server.
#pragma once

#include <string>

#include "cli_context.hpp"
#include "strata/driver/connection.hpp"
#include "strata/schema/catalog.hpp"
#include "strata/schema/introspect.hpp"

namespace strata::cli {

/// A loaded schema and, for SQL sources, its text (for `-- strata:` annotations).
struct SchemaSource {
    schema::Catalog catalog;
    std::string sql;   ///< the SQL text, empty for URLs and JSON
    std::string name;  ///< the file or directory as given
};

/// Runs SQL statement by statement on conn; a failure is a UsageError "file:line: message"
/// (the server's message, its position turned into the file's line).
void load_sql_into(driver::Connection& conn, const std::string& sql, const std::string& file);

/// The text of a .sql file, or of every .sql file of a directory (recursively, by path).
/// Throws UsageError naming what cannot be read.
[[nodiscard]] std::string read_sql_source(const std::string& source);

/// source: "" (the configured database), a URL, a .sql file, a directory of .sql files or a
/// catalog .json file. Throws UsageError naming the source.
[[nodiscard]] SchemaSource load_schema_source(const Context& ctx, const std::string& source,
                                              const schema::IntrospectOptions& options);

}  // namespace strata::cli
