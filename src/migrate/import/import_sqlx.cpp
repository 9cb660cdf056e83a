// sqlx: "<version>_<description>.sql" (simple) or ".up.sql" / ".down.sql" (reversible); a first
// line "-- no-transaction" runs it outside a transaction.
#include <fmt/format.h>

#include <map>

#include "migrate/import/convert.hpp"
#include "strata/migrate/errors.hpp"

namespace strata::migrate::import_detail {
namespace {

struct SqlxVersion {
    std::string version;
    std::string description;
    std::optional<fs::path> simple;
    std::optional<fs::path> up;
    std::optional<fs::path> down;
};

/// sqlx's marker: the file starts with "-- no-transaction".
bool sqlx_no_transaction(std::string_view text) {
    return text.starts_with("-- no-transaction");
}

}  // namespace

FileImport convert_sqlx(const fs::path& dir) {
    FileImport out;
    out.tool = ImportTool::sqlx;
    std::map<std::string, SqlxVersion, VersionLess> versions;
    for (const auto& path : list_sources(dir, false)) {
        const auto file = path.filename().string();
        const auto version = leading_version(file, false);
        if (version.empty() || file.size() <= version.size() + 4 || file[version.size()] != '_' ||
            !file.ends_with(".sql")) {
            out.notes.push_back(
                {path, 0, "not a sqlx migration (<version>_<description>.sql): ignored"});
            continue;
        }
        const bool up = file.ends_with(".up.sql");
        const bool down = file.ends_with(".down.sql");
        const std::size_t suffix = up ? 7 : (down ? 9 : 4);
        auto [it, fresh] = versions.try_emplace(std::string(version));
        auto& v = it->second;
        auto& slot = up ? v.up : (down ? v.down : v.simple);
        const bool clash = slot || (!fresh && v.version != version) ||
                           (!down && (up ? v.simple : v.up).has_value());
        if (clash) {
            const fs::path other =
                slot ? slot.value() : v.simple.value_or(v.up.value_or(v.down.value_or(fs::path())));
            throw MigrationFileError(path, 0,
                                     fmt::format("version {} is used twice (also by {})", version,
                                                 other.filename().string()));
        }
        v.version = std::string(version);
        if (!down) {
            v.description =
                file.substr(version.size() + 1, file.size() - version.size() - 1 - suffix);
        }
        slot = path;
    }
    const SectionRules rules{.drop_wrapper = true, .detect_no_transaction = false};
    for (auto& [version, v] : versions) {
        if (v.down && !v.up) {
            throw MigrationFileError(
                v.down.value(), 0,
                "a down file without its up file (" + version + "_<description>.up.sql)");
        }
        const fs::path up_path = v.up ? *v.up : v.simple.value_or(fs::path{});
        const std::string text = read_source(up_path);
        auto up = prepare_section(text, up_path, 1, rules, out.notes);
        Composed parts;
        std::vector<fs::path> sources = {up_path};
        std::string header = "Imported from sqlx: " + up_path.filename().string();
        bool no_tx = sqlx_no_transaction(text);
        if (v.down) {
            const std::string down_text = read_source(*v.down);
            no_tx = no_tx || sqlx_no_transaction(down_text);
            parts.down = prepare_section(down_text, *v.down, 1, rules, out.notes).sql;
            sources.push_back(*v.down);
            header += ", " + v.down->filename().string();
        } else if (v.up) {
            out.notes.push_back({up_path, 0,
                                 "no .down.sql file: imported without a down section (strata "
                                 "refuses to revert it)"});
        }
        parts.header = {header};
        parts.transactional = !no_tx;
        parts.up = std::move(up.sql);
        out.migrations.push_back(make_migration(ImportTool::sqlx, version, v.description,
                                                std::move(parts), std::move(sources), out.notes));
    }
    order_and_check(out.migrations);
    return out;
}

}  // namespace strata::migrate::import_detail
