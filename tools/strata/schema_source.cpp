// Schemas from the command line: URL, .sql file or directory (scratch database), catalog JSON.
#include "schema_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "database_target.hpp"
#include "strata/core/error.hpp"
#include "strata/schema/catalog_json.hpp"
#include "strata/sql/parse_error.hpp"
#include "strata/sql/split.hpp"
#include "strata/testing/server.hpp"

namespace strata::cli {
namespace {

namespace fs = std::filesystem;

std::string read_whole(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw UsageError(fmt::format("cannot read {}", path.string()));
    std::ostringstream text;
    text << f.rdbuf();
    return text.str();
}

/// Directories are read as one script; "-- strata:file NAME" lines tell errors which file.
constexpr std::string_view kFileMarker = "-- strata:file ";

}  // namespace

std::string read_sql_source(const std::string& source) {
    std::error_code ec;
    if (!fs::is_directory(source, ec)) return read_whole(source);
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(source, ec)) {
        if (e.is_regular_file() && e.path().extension() == ".sql") files.push_back(e.path());
    }
    if (ec) throw UsageError(fmt::format("cannot read {}: {}", source, ec.message()));
    if (files.empty()) throw UsageError(fmt::format("{} holds no .sql file", source));
    std::ranges::sort(files);
    std::string out;
    for (const auto& f : files) {
        out += fmt::format("{}{}\n", kFileMarker, f.string());
        out += read_whole(f);
        if (!out.ends_with('\n')) out += '\n';
    }
    return out;
}

void load_sql_into(driver::Connection& conn, const std::string& sql, const std::string& file) {
    // Which file and line a script line came from (directories are concatenated).
    auto where = [&](std::size_t offset) {
        std::string name = file;
        int line = 1;
        std::size_t start = 0;
        while (start < offset && start < sql.size()) {
            auto end = sql.find('\n', start);
            if (end == std::string::npos || end >= offset) break;
            std::string_view text(sql.data() + start, end - start);
            if (text.starts_with(kFileMarker)) {
                name = std::string(text.substr(kFileMarker.size()));
                line = 0;
            }
            ++line;
            start = end + 1;
        }
        return fmt::format("{}:{}", name, line);
    };
    std::vector<sql::Statement> statements;
    try {
        statements = sql::split(sql, file);
    } catch (const sql::ParseError& e) {
        throw UsageError(fmt::format("{} does not load: {}", file, e.what()));
    }
    conn.execute_script("SET check_function_bodies = false");
    for (const auto& s : statements) {
        try {
            conn.execute_script(s.text);
        } catch (const SqlError& e) {
            auto offset = s.offset;
            if (e.info().position) offset += static_cast<std::size_t>(*e.info().position - 1);
            throw UsageError(
                fmt::format("{} does not load: {}: {}", file, where(offset), e.server_message()));
        }
    }
}

SchemaSource load_schema_source(const Context& ctx, const std::string& source,
                                const schema::IntrospectOptions& options) {
    // Read-only connections: a missing SQLite file is an error, never created empty.
    if (source.empty()) {
        auto conn = open_read_only(resolve_database(ctx).url);
        return {schema::introspect(conn, options), "", "the configured database"};
    }
    if (source.find("://") != std::string::npos || source.starts_with("sqlite:")) {
        auto conn = open_read_only(source);
        return {schema::introspect(conn, options), "", source};
    }
    std::error_code ec;
    if (source.ends_with(".sql") || fs::is_directory(source, ec)) {
        auto text = read_sql_source(source);
        auto& server = testing::Server::instance();
        auto url = server.create_database("schema");
        struct Drop {
            testing::Server& server;
            std::string url;
            Drop(testing::Server& s, std::string u) : server(s), url(std::move(u)) {}
            Drop(const Drop&) = delete;
            Drop& operator=(const Drop&) = delete;
            ~Drop() {
                try {
                    server.drop_database(url);
                } catch (const Error&) {  // a scratch database left behind is reaped later
                }
            }
        } drop(server, url);
        auto conn = driver::Connection::open(url);
        load_sql_into(conn, text, source);
        return {schema::introspect(conn, options), std::move(text), source};
    }
    std::ifstream f(source, std::ios::binary);
    if (!f) {
        throw UsageError(fmt::format(
            "cannot read {}: give a database URL, a catalog .json file, a .sql file or a "
            "directory of them",
            source));
    }
    std::ostringstream text;
    text << f.rdbuf();
    try {
        return {schema::catalog_from_json(nlohmann::json::parse(text.str())), "", source};
    } catch (const nlohmann::json::exception& e) {
        throw UsageError(fmt::format(
            "{} is not a catalog JSON file (strata docs --format json): {}", source, e.what()));
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("{}: {}", source, e.what()));
    }
}

}  // namespace strata::cli
