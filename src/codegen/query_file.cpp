// Reading sqlc query files: `-- name: X :kind` chunks, `-- strata:` annotations, errors located.
#include <fmt/format.h>

#include <array>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "codegen/rewrite.hpp"
#include "strata/codegen/query_source.hpp"
#include "strata/sql/parse_error.hpp"
#include "strata/sql/parse_tree.hpp"

namespace strata::codegen {
namespace {

std::string locate_codegen_error(const std::string& file, int line, int column,
                                 const std::string& query, const std::string& message) {
    std::string where = column > 0 ? fmt::format("{}:{}:{}", file, line, column)
                        : line > 0 ? fmt::format("{}:{}", file, line)
                                   : file;
    if (query.empty()) return fmt::format("{}: {}", where, message);
    return fmt::format("{}: query {}: {}", where, query, message);
}

constexpr std::array<std::pair<std::string_view, QueryKind>, 9> kKinds{{
    {":one", QueryKind::one},
    {":many", QueryKind::many},
    {":exec", QueryKind::exec},
    {":execrows", QueryKind::execrows},
    {":execresult", QueryKind::execresult},
    {":copyfrom", QueryKind::copyfrom},
    {":batchexec", QueryKind::batchexec},
    {":batchmany", QueryKind::batchmany},
    {":batchone", QueryKind::batchone},
}};

struct Chunk {
    std::string name;
    std::string kind;
    int line = 0;                          // of the annotation
    std::vector<std::string> annotations;  // `-- strata:...` lines, without the dashes
    std::vector<int> annotation_lines;
    std::string body;  // the lines after the annotation, up to the next one
    int body_line = 0;
    bool has_sql = false;
};

std::string trim_copy(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

std::vector<Chunk> split_chunks(std::string_view text, const std::string& file) {
    static const std::regex name_re(R"(^--\s*name:\s*(\S+)\s*(\S*)\s*$)");
    std::vector<Chunk> chunks;
    std::vector<std::string> pending;  // strata annotations before the next name line
    std::vector<int> pending_lines;
    std::istringstream in{std::string(text)};
    std::string raw;
    int line = 0;
    while (std::getline(in, raw)) {
        ++line;
        const std::string l = trim_copy(raw);
        std::smatch m;
        if (std::regex_match(l, m, name_re)) {
            Chunk c;
            c.name = m[1];
            c.kind = m[2];
            c.line = line;
            c.body_line = line + 1;
            c.annotations = std::move(pending);
            c.annotation_lines = std::move(pending_lines);
            pending = {};
            pending_lines = {};
            chunks.push_back(std::move(c));
            continue;
        }
        if (l.rfind("--", 0) == 0 && trim_copy(l.substr(2)).rfind("strata:", 0) == 0) {
            const bool to_current = !chunks.empty() && !chunks.back().has_sql;
            (to_current ? chunks.back().annotations : pending).push_back(trim_copy(l.substr(2)));
            (to_current ? chunks.back().annotation_lines : pending_lines).push_back(line);
            raw.clear();  // keeps the body's line count
        }
        if (chunks.empty()) {
            if (!l.empty() && l.rfind("--", 0) != 0) {
                throw CodegenError(file, line, "", "SQL before the first `-- name:` annotation");
            }
            continue;
        }
        if (!l.empty() && l.rfind("--", 0) != 0) chunks.back().has_sql = true;
        chunks.back().body += raw;
        chunks.back().body += '\n';
    }
    if (!pending.empty()) {
        throw CodegenError(file, pending_lines.front(), "",
                           "annotation `-- " + pending.front() + "` is followed by no query");
    }
    return chunks;
}

QueryKind parse_kind(const Chunk& c, const std::string& file) {
    for (const auto& [text, kind] : kKinds) {
        if (c.kind == text) return kind;
    }
    throw CodegenError(file, c.line, c.name,
                       fmt::format("unknown kind `{}` (expected :one, :many, :exec, :execrows, "
                                   ":execresult, :copyfrom, :batchexec, :batchmany, :batchone)",
                                   c.kind));
}

void apply_annotations(const Chunk& c, const std::string& file, QuerySource& q) {
    for (std::size_t i = 0; i < c.annotations.size(); ++i) {
        const auto& a = c.annotations[i];
        if (a == "strata:critical") {
            q.critical = true;
        } else if (a == "strata:include-deleted") {
            q.include_deleted = true;
        } else {
            throw CodegenError(file, c.annotation_lines[i], c.name,
                               fmt::format("unknown annotation `-- {}` (expected "
                                           "strata:critical or strata:include-deleted)",
                                           a));
        }
    }
}

QuerySource parse_chunk(const Chunk& c, const std::string& file) {
    QuerySource q;
    q.name = c.name;
    q.file = file;
    q.line = c.line;
    q.kind = parse_kind(c, file);
    apply_annotations(c, file, q);
    if (!std::regex_match(c.name, std::regex("[A-Za-z_][A-Za-z0-9_]*"))) {
        throw CodegenError(file, c.line, c.name, "a query name is an identifier");
    }
    sql::ParseTree tree{0, {}};
    try {
        tree = sql::parse(c.body, file);
    } catch (const sql::ParseError& e) {
        throw CodegenError(file, e.line() + c.body_line - 1, c.name, e.message(), e.column());
    }
    if (tree.statements().empty()) throw CodegenError(file, c.line, c.name, "no SQL statement");
    if (tree.statements().size() > 1) {
        throw CodegenError(file, tree.statements()[1].source.line + c.body_line - 1, c.name,
                           "more than one statement under one `-- name:`");
    }
    // Parsed again alone, so that locations in the tree are offsets into its text.
    const std::string text = tree.statements().front().source.text;
    try {
        rewrite_query(text, sql::parse(text, file).statements().at(0).node, q);
    } catch (const RewriteError& e) {
        throw CodegenError(file, c.line, c.name, e.what());
    }
    return q;
}

}  // namespace

CodegenError::CodegenError(const std::string& file, int line, const std::string& query,
                           const std::string& message, int column)
    : UsageError(locate_codegen_error(file, line, column, query, message)) {}

std::string_view kind_text(QueryKind kind) {
    for (const auto& [text, k] : kKinds) {
        if (k == kind) return text;
    }
    return ":one";
}

std::vector<QuerySource> parse_queries(std::string_view text, const std::string& file) {
    std::vector<QuerySource> out;
    std::map<std::string, int> seen;
    for (const auto& chunk : split_chunks(text, file)) {
        if (auto it = seen.find(chunk.name); it != seen.end()) {
            throw CodegenError(file, chunk.line, chunk.name,
                               fmt::format("duplicate query name (first at line {})", it->second));
        }
        seen.emplace(chunk.name, chunk.line);
        out.push_back(parse_chunk(chunk, file));
    }
    return out;
}

std::vector<QuerySource> read_query_files(const std::vector<std::filesystem::path>& files,
                                          const std::filesystem::path& base) {
    std::vector<QuerySource> all;
    std::map<std::string, std::pair<std::string, int>> seen;
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw UsageError(fmt::format("{}: cannot read the query file", path.string()));
        std::stringstream buf;
        buf << in.rdbuf();
        const auto name = base.empty() ? path : path.lexically_relative(base);
        for (auto& q : parse_queries(buf.str(), name.generic_string())) {
            if (auto it = seen.find(q.name); it != seen.end()) {
                throw CodegenError(q.file, q.line, q.name,
                                   fmt::format("duplicate query name (first at {}:{})",
                                               it->second.first, it->second.second));
            }
            seen.emplace(q.name, std::make_pair(q.file, q.line));
            all.push_back(std::move(q));
        }
    }
    return all;
}

}  // namespace strata::codegen
