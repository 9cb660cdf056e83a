// Flyway: "V<version>__<description>.sql" (versions like 1, 1.2, 1_2), "U<version>__..." undo
// files, "R__..." repeatables (not importable), ".sql.conf" executeInTransaction.
#include <fmt/format.h>

#include <map>

#include "migrate/import/convert.hpp"
#include "strata/migrate/errors.hpp"

namespace strata::migrate::import_detail {
namespace {

struct FlywayName {
    char prefix = 0;      ///< 'V', 'U', 'R', 'B'
    std::string version;  ///< dots only ("1_2" -> "1.2"); empty for R
    std::string description;
};

/// "V1_2__add_users.sql" -> V, "1.2", "add_users"; nullopt when it is not a Flyway SQL name.
std::optional<FlywayName> flyway_name(std::string_view file) {
    if (!file.ends_with(".sql") || file.size() < 6) return std::nullopt;
    file.remove_suffix(4);
    const char prefix = file.front();
    if (prefix != 'V' && prefix != 'U' && prefix != 'R' && prefix != 'B') return std::nullopt;
    const auto sep = file.find("__");
    if (sep == std::string_view::npos) return std::nullopt;
    FlywayName n;
    n.prefix = prefix;
    n.description = std::string(file.substr(sep + 2));
    const auto version = file.substr(1, sep - 1);
    if (prefix == 'R') {
        if (!version.empty()) return std::nullopt;
        return n;
    }
    for (char c : version) n.version.push_back(c == '_' ? '.' : c);
    if (!is_version(n.version) || n.version.find('_') != std::string::npos) return std::nullopt;
    return n;
}

/// executeInTransaction from "<file>.conf", when that file says so.
std::optional<bool> flyway_execute_in_transaction(const fs::path& sql_file, int& line) {
    const fs::path conf = sql_file.string() + ".conf";
    std::error_code ec;
    if (!fs::exists(conf, ec)) return std::nullopt;
    const std::string text = read_source(conf);
    std::size_t pos = 0;
    int line_no = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string entry;
        for (char c : std::string_view(text).substr(pos, end - pos)) {
            if (c != ' ' && c != '\t') entry.push_back(c);
        }
        pos = end + 1;
        ++line_no;
        if (entry == "executeInTransaction=false") {
            line = line_no;
            return false;
        }
        if (entry == "executeInTransaction=true") {
            line = line_no;
            return true;
        }
    }
    return std::nullopt;
}

struct FlywayVersion {
    std::string version;
    std::string description;
    std::optional<fs::path> up;
    std::optional<fs::path> undo;
};

}  // namespace

FileImport convert_flyway(const fs::path& dir) {
    FileImport out;
    out.tool = ImportTool::flyway;
    std::map<std::string, FlywayVersion, VersionLess> versions;
    for (const auto& path : list_sources(dir, true)) {
        const auto file = path.filename().string();
        if (file.ends_with(".sql.conf")) continue;  // read with its migration
        const auto name = flyway_name(file);
        if (!name) {
            out.notes.push_back(
                {path, 0,
                 file.ends_with(".sql")
                     ? "not a Flyway migration name (a callback such as beforeMigrate.sql?): not "
                       "imported; strata has no callbacks"
                     : "not a SQL migration (Java migrations and other files are not imported)"});
            continue;
        }
        if (name->prefix == 'R') {
            out.notes.push_back(
                {path, 0,
                 "repeatable migration (R__): not imported. strata has no migrations that run "
                 "again whenever they change; make it a versioned migration (or a seed)"});
            continue;
        }
        if (name->prefix == 'B') {
            out.notes.push_back(
                {path, 0,
                 "baseline migration (B): not imported; adopt the database's history instead "
                 "(strata import flyway --history)"});
            continue;
        }
        auto [it, fresh] = versions.try_emplace(name->version);
        auto& v = it->second;
        auto& slot = name->prefix == 'V' ? v.up : v.undo;
        if (slot || (!fresh && v.version != name->version)) {
            const fs::path other = slot ? slot.value() : v.up.value_or(v.undo.value_or(fs::path()));
            throw MigrationFileError(path, 0,
                                     fmt::format("version {} is used twice (also by {})",
                                                 name->version, other.filename().string()));
        }
        v.version = name->version;
        if (name->prefix == 'V') v.description = name->description;
        slot = path;
    }
    const SectionRules rules{.drop_wrapper = true, .detect_no_transaction = true};
    for (auto& [version, v] : versions) {
        if (!v.up) {
            throw MigrationFileError(
                v.undo.value_or(fs::path{}), 0,
                "an undo file without its versioned migration (V" + version + "__...sql)");
        }
        const std::string text = read_source(*v.up);
        if (text.find("${") != std::string::npos) {
            out.notes.push_back({*v.up, 0,
                                 "contains ${...}: Flyway placeholders are not replaced by "
                                 "strata; edit the imported file"});
        }
        auto up = prepare_section(text, *v.up, 1, rules, out.notes);
        Composed parts;
        std::vector<fs::path> sources = {*v.up};
        std::string header = "Imported from Flyway: " + relative_name(*v.up, dir);
        bool transactional = up.transactional;
        std::string why_not = up.why_not;
        if (v.undo) {
            auto down = prepare_section(read_source(*v.undo), *v.undo, 1, rules, out.notes);
            if (!down.transactional && transactional) {
                transactional = false;
                why_not = "undo: " + down.why_not;
            }
            parts.down = std::move(down.sql);
            sources.push_back(*v.undo);
            header += ", " + relative_name(*v.undo, dir);
        } else {
            out.notes.push_back({*v.up, 0,
                                 "no undo file (U" + version +
                                     "__...sql): imported without a down section (strata refuses "
                                     "to revert it)"});
        }
        int conf_line = 0;
        if (auto in_tx = flyway_execute_in_transaction(*v.up, conf_line)) {
            if (!*in_tx) {
                transactional = false;
                why_not = fmt::format("{}.conf:{} says executeInTransaction=false",
                                      v.up->filename().string(), conf_line);
            } else if (!transactional) {
                out.notes.push_back({fs::path(v.up->string() + ".conf"), conf_line,
                                     "executeInTransaction=true, but " + why_not});
            }
        }
        if (!transactional) {
            out.notes.push_back({*v.up, 0, "imported as -- migrate:no-transaction: " + why_not});
        }
        parts.header = {header};
        parts.transactional = transactional;
        parts.up = std::move(up.sql);
        out.migrations.push_back(make_migration(ImportTool::flyway, version, v.description,
                                                std::move(parts), std::move(sources), out.notes));
    }
    order_and_check(out.migrations);
    return out;
}

}  // namespace strata::migrate::import_detail
