// dbmate: its files are strata's format already ("-- migrate:up [transaction:false]" and
// "-- migrate:down"); they are validated and copied as written.
#include <fmt/format.h>

#include "migrate/import/convert.hpp"
#include "strata/migrate/errors.hpp"

namespace strata::migrate::import_detail {
namespace {

struct DbmateMarkers {
    int up = 0;    ///< 1-based line of "-- migrate:up", 0 when missing
    int down = 0;  ///< 1-based line of "-- migrate:down", 0 when missing
    bool down_without_transaction = false;
    bool up_without_transaction = false;
};

DbmateMarkers dbmate_markers(std::string_view text) {
    DbmateMarkers m;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const auto line = text.substr(pos, end - pos);
        ++line_no;
        pos = end + 1;
        if (!looks_like_directive(line)) continue;
        const bool no_tx = line.find("transaction:false") != std::string_view::npos;
        if (line.find("migrate:up") != std::string_view::npos && m.up == 0) {
            m.up = line_no;
            m.up_without_transaction = no_tx;
        } else if (line.find("migrate:down") != std::string_view::npos && m.down == 0) {
            m.down = line_no;
            m.down_without_transaction = no_tx;
        }
    }
    return m;
}

/// The text of lines (from, to) exclusive, 1-based; to == 0 means to the end.
std::string_view dbmate_lines_between(std::string_view text, int from, int to) {
    std::size_t start = 0;
    int line = 1;
    while (line <= from && start < text.size()) {
        auto nl = text.find('\n', start);
        start = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line;
    }
    std::size_t end = start;
    while ((to == 0 || line < to) && end < text.size()) {
        auto nl = text.find('\n', end);
        end = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line;
    }
    return text.substr(start, end - start);
}

}  // namespace

FileImport convert_dbmate(const fs::path& dir) {
    FileImport out;
    out.tool = ImportTool::dbmate;
    for (const auto& path : list_sources(dir, false)) {
        const auto file = path.filename().string();
        const auto version = leading_version(file, false);
        if (!file.ends_with(".sql") || version.empty() || file.size() <= version.size() + 4 ||
            file[version.size()] != '_') {
            out.notes.push_back(
                {path, 0, "not a dbmate migration (<version>_<name>.sql): ignored"});
            continue;
        }
        std::string content = read_source(path);
        const auto markers = dbmate_markers(content);
        // Validated by strata's own parser: it understands dbmate's format, so a file it refuses
        // is refused here, by the source file's name and line.
        if (markers.up > 0 &&
            only_comments(dbmate_lines_between(content, markers.up, markers.down))) {
            // dbmate accepts an up with no statements; strata needs one to record the version.
            std::string up_line = "SELECT 1;  -- no-op: the original up has no statements\n";
            std::size_t at = 0;
            for (int l = 0; l < markers.up && at != std::string::npos; ++l) {
                at = content.find('\n', at);
                if (at != std::string::npos) ++at;
            }
            if (at == std::string::npos) {
                content.push_back('\n');
                at = content.size();
            }
            content.insert(at, up_line);
            out.notes.push_back({path, markers.up,
                                 "the up section has no statements: imported with a no-op "
                                 "SELECT 1 so that the version is recorded in order"});
        }
        const auto parsed = parse_migration(path, content);
        if (markers.down_without_transaction && !markers.up_without_transaction) {
            out.notes.push_back(
                {path, markers.down,
                 "only the down section has transaction:false: strata runs a whole migration with "
                 "or without a transaction, so the up runs without one too"});
        }
        ImportedMigration m;
        m.version = std::string(version);
        m.file_name = file;
        auto back = parse_file_name(file);
        if (!back || back->version != m.version) {
            throw MigrationFileError(
                path, 0,
                fmt::format("version {} would read back as version {} in strata; rename the file",
                            m.version, back ? back->version : std::string("none")));
        }
        m.content = std::move(content);
        m.transactional = parsed.transactional;
        m.sources = {path};
        out.migrations.push_back(std::move(m));
    }
    order_and_check(out.migrations);
    return out;
}

}  // namespace strata::migrate::import_detail
