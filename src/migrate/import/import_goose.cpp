// goose: "<version>_<name>.sql" with "-- +goose Up" / "-- +goose Down" sections,
// "StatementBegin"/"StatementEnd" blocks and "-- +goose NO TRANSACTION".
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "migrate/import/convert.hpp"
#include "strata/migrate/errors.hpp"

namespace strata::migrate::import_detail {
namespace {

std::string goose_upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

std::string_view goose_trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

/// The annotation of a "-- +goose <annotation>" line, upper case, or nullopt.
std::optional<std::string> goose_annotation(std::string_view line) {
    line = goose_trim(line);
    if (!line.starts_with("--")) return std::nullopt;
    line = goose_trim(line.substr(2));
    if (!line.starts_with("+goose")) return std::nullopt;
    std::string words = goose_upper(goose_trim(line.substr(6)));
    // "NO   TRANSACTION" and "NO TRANSACTION" alike.
    std::string collapsed;
    for (char c : words) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!collapsed.empty() && collapsed.back() != ' ') collapsed.push_back(' ');
        } else {
            collapsed.push_back(c);
        }
    }
    return collapsed;
}

struct GooseFile {
    std::string up;  ///< padded with blank lines: line k of it is line k of the file
    std::optional<std::string> down;
    int up_line = 0;
    int down_line = 0;
    bool no_transaction = false;
    bool envsub = false;
    int envsub_line = 0;
};

GooseFile parse_goose(const fs::path& path, std::string_view text) {
    enum class Part { header, up, down } part = Part::header;
    GooseFile g;
    std::string up;
    std::string down;
    int open_block = 0;  // line of an unclosed StatementBegin
    int line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const auto line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        // Every line goes to both texts (blank where it is not theirs), so that line k of
        // each is line k of the file.
        std::string_view to_up;
        std::string_view to_down;
        if (auto a = goose_annotation(line)) {
            if (*a == "UP" || *a == "DOWN") {
                if (open_block) {
                    throw MigrationFileError(path, open_block,
                                             "'-- +goose StatementBegin' is not closed by "
                                             "'-- +goose StatementEnd' before '-- +goose " +
                                                 std::string(*a == "UP" ? "Up" : "Down") + "'");
                }
                if (*a == "UP") {
                    if (part != Part::header)
                        throw MigrationFileError(path, line_no, "a second '-- +goose Up'");
                    part = Part::up;
                    g.up_line = line_no;
                } else {
                    if (part == Part::header) {
                        throw MigrationFileError(path, line_no,
                                                 "'-- +goose Down' before '-- +goose Up'");
                    }
                    if (part == Part::down)
                        throw MigrationFileError(path, line_no, "a second '-- +goose Down'");
                    part = Part::down;
                    g.down_line = line_no;
                }
            } else if (*a == "STATEMENTBEGIN") {
                if (part == Part::header) {
                    throw MigrationFileError(path, line_no,
                                             "'-- +goose StatementBegin' before '-- +goose Up'");
                }
                if (open_block) {
                    throw MigrationFileError(
                        path, line_no,
                        fmt::format("'-- +goose StatementBegin' inside the block opened at line {}",
                                    open_block));
                }
                open_block = line_no;
            } else if (*a == "STATEMENTEND") {
                if (!open_block) {
                    throw MigrationFileError(path, line_no,
                                             "'-- +goose StatementEnd' without a StatementBegin");
                }
                open_block = 0;
            } else if (*a == "NO TRANSACTION") {
                g.no_transaction = true;
            } else if (*a == "ENVSUB ON") {
                g.envsub = true;
                g.envsub_line = line_no;
            } else if (*a == "ENVSUB OFF") {
                // nothing to carry over
            } else {
                throw MigrationFileError(path, line_no,
                                         "unknown goose annotation '" +
                                             std::string(goose_trim(line)) +
                                             "' (known: Up, Down, StatementBegin, StatementEnd, "
                                             "NO TRANSACTION, ENVSUB ON/OFF)");
            }
            // Statement blocks need no marking: strata splits with PostgreSQL's own parser.
            up.push_back('\n');
            down.push_back('\n');
            continue;
        }
        switch (part) {
            case Part::header: {
                const auto t = goose_trim(line);
                if (!t.empty() && !t.starts_with("--")) {
                    throw MigrationFileError(path, line_no,
                                             "SQL before '-- +goose Up': goose files start their "
                                             "statements after that annotation");
                }
                break;
            }
            case Part::up:
                to_up = line;
                break;
            case Part::down:
                to_down = line;
                break;
        }
        up.append(to_up);
        up.push_back('\n');
        down.append(to_down);
        down.push_back('\n');
    }
    if (open_block) {
        throw MigrationFileError(path, open_block,
                                 "'-- +goose StatementBegin' is not closed by "
                                 "'-- +goose StatementEnd'");
    }
    if (part == Part::header) {
        throw MigrationFileError(path, 0, "no '-- +goose Up' annotation: not a goose migration");
    }
    g.up = std::move(up);
    if (g.down_line > 0) g.down = std::move(down);
    return g;
}

/// Text of a section from its first line on (the padding before it removed).
std::string goose_from_line(const std::string& padded, int line) {
    std::size_t at = 0;
    for (int l = 1; l < line && at < padded.size(); ++l) at = padded.find('\n', at) + 1;
    return padded.substr(std::min(at, padded.size()));
}

}  // namespace

FileImport convert_goose(const fs::path& dir) {
    FileImport out;
    out.tool = ImportTool::goose;
    const SectionRules rules{.drop_wrapper = true, .detect_no_transaction = false};
    for (const auto& path : list_sources(dir, false)) {
        const auto file = path.filename().string();
        const auto version = leading_version(file, false);
        const bool named =
            !version.empty() && file.size() > version.size() + 1 && file[version.size()] == '_';
        if (named && file.ends_with(".go")) {
            out.notes.push_back({path, 0,
                                 "a Go migration: not imported (strata runs SQL files only); "
                                 "port it to SQL under the same version"});
            continue;
        }
        if (!named || !file.ends_with(".sql")) {
            out.notes.push_back({path, 0, "not a goose migration (<version>_<name>.sql): ignored"});
            continue;
        }
        const auto goose = parse_goose(path, read_source(path));
        if (goose.envsub) {
            out.notes.push_back({path, goose.envsub_line,
                                 "-- +goose ENVSUB ON: strata does not substitute environment "
                                 "variables; ${VAR} references are imported as written"});
        }
        const int up_first = goose.up_line + 1;
        auto up =
            prepare_section(goose_from_line(goose.up, up_first), path, up_first, rules, out.notes);
        Composed parts;
        parts.header = {"Imported from goose: " + file};
        parts.transactional = !goose.no_transaction;
        parts.up = std::move(up.sql);
        if (goose.down) {
            const int down_first = goose.down_line + 1;
            parts.down = prepare_section(goose_from_line(*goose.down, down_first), path, down_first,
                                         rules, out.notes)
                             .sql;
        } else {
            // goose reverts a migration without a Down section by running nothing.
            parts.down = std::string();
            out.notes.push_back({path, 0,
                                 "no '-- +goose Down': imported with an empty down section, a "
                                 "no-op down as in goose"});
        }
        std::string name = file.substr(version.size() + 1, file.size() - version.size() - 5);
        out.migrations.push_back(make_migration(ImportTool::goose, std::string(version), name,
                                                std::move(parts), {path}, out.notes));
    }
    order_and_check(out.migrations);
    return out;
}

}  // namespace strata::migrate::import_detail
