// What the importers share: reading sources, preparing SQL sections, composing strata files.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <system_error>

#include "migrate/import/convert.hpp"
#include "migrate/source_file.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/sql/parse_error.hpp"
#include "strata/sql/parse_tree.hpp"
#include "strata/sql/transaction_safety.hpp"

namespace strata::migrate::import_detail {
namespace {

std::string_view import_trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

/// The kind of a TransactionStmt ("TRANS_STMT_BEGIN", ...), or empty for other statements.
std::string transaction_kind(const sql::ParsedStatement& st) {
    if (st.kind != "TransactionStmt") return {};
    return sql::statement_body(st.node).value("kind", std::string());
}

bool opens_transaction(const std::string& kind) {
    return kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START";
}

/// Replaces the statement (and its semicolon) by a block comment, keeping line breaks.
void comment_out(std::string& text, const sql::Statement& st, std::string_view why) {
    std::size_t end = st.offset + st.length;
    std::size_t probe = end;
    while (probe < text.size() && std::isspace(static_cast<unsigned char>(text[probe]))) ++probe;
    if (probe < text.size() && text[probe] == ';') end = probe + 1;
    std::string original = text.substr(st.offset, end - st.offset);
    std::replace(original.begin(), original.end(), '\n', ' ');
    std::erase(original, '*');
    text.replace(st.offset, end - st.offset, fmt::format("/* {} {} */", original, why));
}

}  // namespace

std::string read_source(const fs::path& path) {
    return normalise_source(read_source_file(path));
}

std::vector<fs::path> list_sources(const fs::path& dir, bool recursive) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) throw MigrationFileError(dir, 0, "the directory does not exist");
    if (!fs::is_directory(dir, ec)) throw MigrationFileError(dir, 0, "not a directory");
    std::vector<fs::path> out;
    auto take = [&](const fs::directory_entry& entry) {
        const auto name = entry.path().filename().string();
        if (name.empty() || name.front() == '.') return;
        if (entry.is_directory(ec)) return;
        if (!entry.is_regular_file(ec)) {
            throw MigrationFileError(entry.path(), 0,
                                     "cannot read the file: not a regular file (a dangling link?)");
        }
        out.push_back(entry.path());
    };
    if (recursive) {
        fs::recursive_directory_iterator it(dir, ec);
        if (ec) throw MigrationFileError(dir, 0, "cannot list the directory: " + ec.message());
        for (const auto& entry : it) take(entry);
    } else {
        fs::directory_iterator it(dir, ec);
        if (ec) throw MigrationFileError(dir, 0, "cannot list the directory: " + ec.message());
        for (const auto& entry : it) take(entry);
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool only_comments(std::string_view sql) {
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (sql.substr(i, 2) == "--") {
            const auto nl = sql.find('\n', i);
            i = nl == std::string_view::npos ? sql.size() : nl + 1;
        } else if (sql.substr(i, 2) == "/*") {
            const auto close = sql.find("*/", i + 2);
            if (close == std::string_view::npos) return false;
            i = close + 2;
        } else {
            return false;
        }
    }
    return true;
}

std::string slug(std::string_view name, std::string_view fallback) {
    std::string out;
    for (char c : name) {
        const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
        out.push_back(keep ? c : '_');
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    if (out.empty()) out = fallback;
    return out;
}

bool looks_like_directive(std::string_view line) {
    line = import_trim(line);
    if (!line.starts_with("--")) return false;
    return import_trim(line.substr(2)).starts_with("migrate:");
}

Section prepare_section(std::string_view sql, const fs::path& path, int first_line,
                        const SectionRules& rules, std::vector<ImportNote>& notes) {
    Section out;
    // Padded with blank lines so that parser positions are file positions.
    std::string text(static_cast<std::size_t>(std::max(first_line - 1, 0)), '\n');
    const std::size_t pad = text.size();
    text.append(sql);
    {
        int line = first_line;
        std::size_t pos = 0;
        while (pos <= sql.size()) {
            auto end = sql.find('\n', pos);
            if (end == std::string_view::npos) end = sql.size();
            if (looks_like_directive(sql.substr(pos, end - pos))) {
                throw MigrationFileError(path, line,
                                         "this comment would read as a strata directive "
                                         "('-- migrate:...'); reword it before importing");
            }
            pos = end + 1;
            ++line;
        }
    }
    if (only_comments(sql)) {
        out.sql = std::string(sql);
        return out;
    }
    std::vector<sql::ParsedStatement> statements;
    try {
        statements = sql::parse(text, path.string()).statements();
    } catch (const sql::ParseError& e) {
        notes.push_back({path, 0,
                         fmt::format("not parsed as PostgreSQL ({}): imported as written, "
                                     "without looking for a BEGIN/COMMIT wrapper or statements "
                                     "that need no transaction",
                                     e.what())});
        out.sql = std::string(sql);
        return out;
    }
    std::vector<std::size_t> drop;
    if (rules.drop_wrapper && statements.size() >= 2 &&
        opens_transaction(transaction_kind(statements.front())) &&
        transaction_kind(statements.back()) == "TRANS_STMT_COMMIT") {
        const bool inner_control =
            std::any_of(statements.begin() + 1, statements.end() - 1,
                        [](const sql::ParsedStatement& s) { return s.kind == "TransactionStmt"; });
        if (!inner_control) {
            drop = {0, statements.size() - 1};
            notes.push_back(
                {path, statements.front().source.line,
                 fmt::format("the BEGIN (line {}) / COMMIT (line {}) around the file "
                             "is dropped: strata runs the migration in one "
                             "transaction of its own",
                             statements.front().source.line, statements.back().source.line)});
        }
    }
    if (rules.detect_no_transaction) {
        for (std::size_t i = 0; i < statements.size() && out.transactional; ++i) {
            if (std::find(drop.begin(), drop.end(), i) != drop.end()) continue;
            const auto& st = statements[i];
            if (auto unsafe = sql::is_transaction_unsafe(st.node)) {
                out.transactional = false;
                out.why_not = fmt::format("{} at line {} cannot run in a transaction",
                                          unsafe->statement, st.source.line);
            } else if (st.kind == "TransactionStmt") {
                out.transactional = false;
                out.why_not = fmt::format(
                    "the file controls its own transactions ({} at line {})",
                    import_trim(st.source.text.substr(0, st.source.text.find_first_of(" \n;"))),
                    st.source.line);
            }
        }
    }
    // Back to front, so earlier offsets stay valid.
    for (auto it = drop.rbegin(); it != drop.rend(); ++it) {
        comment_out(text, statements[*it].source, "dropped by strata import");
    }
    out.sql = text.substr(pad);
    return out;
}

std::string compose(const Composed& parts) {
    auto body = [](std::string_view sql) {
        while (!sql.empty() && (sql.front() == '\n')) sql.remove_prefix(1);
        std::string s(sql);
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
        s.push_back('\n');
        return s;
    };
    std::string out;
    for (const auto& line : parts.header) {
        out += "-- ";
        out += line;
        out += '\n';
    }
    if (!parts.transactional) out += "-- migrate:no-transaction\n";
    out += "-- migrate:up\n";
    out += body(parts.up);
    if (parts.down) {
        out += "\n-- migrate:down\n";
        if (!import_trim(*parts.down).empty()) out += body(*parts.down);
    }
    return out;
}

ImportedMigration make_migration(ImportTool tool, const std::string& version,
                                 const std::string& name, Composed parts,
                                 std::vector<fs::path> sources, std::vector<ImportNote>& notes) {
    ImportedMigration m;
    m.version = version;
    m.file_name = version + "_" + slug(name, "migration") + ".sql";
    auto back = parse_file_name(m.file_name);
    if (!back || back->version != version) {
        throw MigrationFileError(
            sources.front(), 0,
            fmt::format("version {} with the name \"{}\" would read back as version {} in strata "
                        "(\"{}\"); rename the file",
                        version, name, back ? back->version : std::string("none"), m.file_name));
    }
    if (only_comments(parts.up)) {
        parts.up += "\nSELECT 1;  -- no-op: the original up has no statements\n";
        notes.push_back({sources.front(), 0,
                         "the up section has no statements: imported with a no-op SELECT 1 so "
                         "that the version is recorded in order"});
    }
    m.transactional = parts.transactional;
    m.content = compose(parts);
    m.sources = std::move(sources);
    (void)tool;
    return m;
}

void order_and_check(std::vector<ImportedMigration>& migrations) {
    std::stable_sort(migrations.begin(), migrations.end(),
                     [](const ImportedMigration& a, const ImportedMigration& b) {
                         return compare_versions(a.version, b.version) < 0;
                     });
    for (std::size_t i = 1; i < migrations.size(); ++i) {
        if (compare_versions(migrations[i].version, migrations[i - 1].version) == 0) {
            throw MigrationFileError(
                migrations[i].sources.front(), 0,
                fmt::format("version {} is used twice (also by {}): versions must be unique",
                            migrations[i].version,
                            migrations[i - 1].sources.front().filename().string()));
        }
    }
}

std::string_view leading_version(std::string_view text, bool dotted) {
    std::size_t n = 0;
    while (n < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[n])) || (dotted && text[n] == '.'))) {
        ++n;
    }
    return text.substr(0, n);
}

std::string relative_name(const fs::path& path, const fs::path& base) {
    std::error_code ec;
    auto rel = fs::relative(path, base, ec);
    return ec || rel.empty() ? path.filename().string() : rel.generic_string();
}

}  // namespace strata::migrate::import_detail
