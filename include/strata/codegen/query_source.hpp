// QuerySource: one sqlc-annotated query as read from db/queries/*.sql, before any database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "strata/core/error.hpp"

namespace strata::codegen {

/// A query file or a query in it is unusable. what() reads `file:line[:column]: query Name:
/// message` (the query part when the error belongs to one). Thread-safety: immutable.
class CodegenError : public UsageError {
public:
    CodegenError(const std::string& file, int line, const std::string& query,
                 const std::string& message, int column = 0);
};

/// The sqlc kinds, as written after the name.
enum class QueryKind : std::uint8_t {
    one,
    many,
    exec,
    execrows,
    execresult,
    copyfrom,
    batchexec,
    batchmany,
    batchone
};

/// ":one" ... for a kind.
[[nodiscard]] std::string_view kind_text(QueryKind kind);

/// One parameter after numbering: `$N`, `@name`, `sqlc.arg/narg/slice(name)`.
struct ParamSource {
    std::string name{};
    int number = 0;
    bool narg = false;   ///< sqlc.narg: nullable whatever it is compared with
    bool slice = false;  ///< sqlc.slice: one array parameter, `IN (...)` rewritten to `= ANY($n)`
    /// The column an INSERT value or UPDATE SET assigns the parameter to ("" when none).
    std::string assigned_column{};
};

/// An override written in a column alias: `AS "name!"`, `AS "name?"`, `AS "name: Type"`.
struct ColumnOverride {
    bool not_null = false;
    bool nullable = false;
    std::string cpp_type{};  ///< "" unless `name: Type`
};

/// `sqlc.embed(t)`: the target list item at `position` became `t.*`.
struct EmbedSource {
    std::string table{};  ///< the name or alias written
    std::size_t position = 0;
};

/// One query, rewritten to plain PostgreSQL with `$N` parameters.
struct QuerySource {
    std::string name{};
    QueryKind kind = QueryKind::one;
    std::string file{};  ///< as given to read_query_file
    int line = 0;        ///< the `-- name:` annotation's line
    std::string sql{};   ///< rewritten: `$N` only, overrides stripped from aliases, embeds as t.*
    nlohmann::json tree{};              ///< the statement node of sql (libpg_query JSON)
    std::vector<ParamSource> params{};  ///< by number, 1..n
    std::map<std::string, ColumnOverride> overrides{};  ///< by clean column name
    std::vector<EmbedSource> embeds{};
    bool critical = false;         ///< `-- strata:critical`
    bool include_deleted = false;  ///< `-- strata:include-deleted`
};

/// Reads every query of a file in sqlc's grammar. Throws CodegenError (file:line, query name)
/// for a syntax error (with its column), an unknown kind or `-- strata:` annotation, a
/// duplicate name within the file, a query with no SQL or more than one statement, positional
/// and named parameters mixed, or a malformed macro. Needs no database.
[[nodiscard]] std::vector<QuerySource> parse_queries(std::string_view text,
                                                     const std::string& file);

/// parse_queries over the files (read from disk), checking names are unique across them.
/// Files are named relative to base in errors and in QuerySource::file (as given when empty).
[[nodiscard]] std::vector<QuerySource> read_query_files(
    const std::vector<std::filesystem::path>& files, const std::filesystem::path& base = {});

}  // namespace strata::codegen
