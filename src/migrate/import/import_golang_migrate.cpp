// golang-migrate: "<version>_<title>.up.sql" and ".down.sql" pairs of plain SQL, run without a
// transaction of their own.
#include <fmt/format.h>

#include <map>

#include "migrate/import/convert.hpp"
#include "strata/migrate/errors.hpp"

namespace strata::migrate::import_detail {
namespace {

struct GolangPair {
    std::string version;
    std::string title;
    std::optional<fs::path> up;
    std::optional<fs::path> down;
};

}  // namespace

FileImport convert_golang_migrate(const fs::path& dir) {
    FileImport out;
    out.tool = ImportTool::golang_migrate;
    std::map<std::string, GolangPair, VersionLess> pairs;
    for (const auto& path : list_sources(dir, false)) {
        const auto file = path.filename().string();
        const auto version = leading_version(file, false);
        const bool up = file.ends_with(".up.sql");
        const bool down = file.ends_with(".down.sql");
        if (version.empty() || file.size() <= version.size() || file[version.size()] != '_' ||
            (!up && !down)) {
            out.notes.push_back(
                {path, 0,
                 file.find(".up.") != std::string::npos || file.find(".down.") != std::string::npos
                     ? "not a SQL migration: ignored"
                     : "not a golang-migrate migration (<version>_<title>.up.sql / "
                       ".down.sql): ignored"});
            continue;
        }
        const std::size_t suffix = up ? 7 : 9;
        std::string title =
            file.substr(version.size() + 1, file.size() - version.size() - 1 - suffix);
        auto [it, fresh] = pairs.try_emplace(std::string(version));
        auto& pair = it->second;
        if (fresh) {
            pair.version = std::string(version);
            pair.title = title;
        }
        auto& slot = up ? pair.up : pair.down;
        if (slot || pair.version != version) {
            throw MigrationFileError(
                path, 0,
                fmt::format(
                    "version {} is used twice (also by {})", version,
                    slot ? slot.value().filename().string()
                         : pair.up.value_or(pair.down.value_or(fs::path())).filename().string()));
        }
        slot = path;
    }
    const SectionRules rules{.drop_wrapper = true, .detect_no_transaction = true};
    for (auto& [version, pair] : pairs) {
        if (!pair.up) {
            throw MigrationFileError(
                pair.down.value_or(fs::path{}), 0,
                "a down file without its up file (" + version + "_" + pair.title + ".up.sql)");
        }
        auto up = prepare_section(read_source(*pair.up), *pair.up, 1, rules, out.notes);
        Composed parts;
        std::vector<fs::path> sources = {*pair.up};
        std::string header = "Imported from golang-migrate: " + pair.up->filename().string();
        bool transactional = up.transactional;
        std::string why_not = up.why_not;
        if (pair.down) {
            auto down = prepare_section(read_source(*pair.down), *pair.down, 1, rules, out.notes);
            if (!down.transactional && transactional) {
                transactional = false;
                why_not = "down: " + down.why_not;
            }
            parts.down = std::move(down.sql);
            sources.push_back(*pair.down);
            header += ", " + pair.down->filename().string();
        } else {
            out.notes.push_back({*pair.up, 0,
                                 "no down file: imported without a down section (strata refuses "
                                 "to revert it)"});
        }
        if (!transactional) {
            out.notes.push_back({*pair.up, 0, "imported as -- migrate:no-transaction: " + why_not});
        }
        parts.header = {header};
        parts.transactional = transactional;
        parts.up = std::move(up.sql);
        out.migrations.push_back(make_migration(ImportTool::golang_migrate, version, pair.title,
                                                std::move(parts), std::move(sources), out.notes));
    }
    order_and_check(out.migrations);
    return out;
}

}  // namespace strata::migrate::import_detail
