// strata import: tool names, converting a tool's directory, writing the files all or nothing.
#include "strata/migrate/import.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <system_error>

#include "migrate/import/convert.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/migrate/migration_set.hpp"

namespace strata::migrate {

namespace fs = std::filesystem;

ImportTool parse_import_tool(std::string_view name) {
    if (name == "dbmate") return ImportTool::dbmate;
    if (name == "golang-migrate" || name == "migrate") return ImportTool::golang_migrate;
    if (name == "goose") return ImportTool::goose;
    if (name == "flyway") return ImportTool::flyway;
    if (name == "sqlx") return ImportTool::sqlx;
    if (name == "alembic") return ImportTool::alembic;
    throw UsageError(fmt::format(
        "unknown tool \"{}\": strata imports from dbmate, golang-migrate, goose, flyway, sqlx "
        "(files and history) and alembic (history, as a baseline)",
        name));
}

std::string_view to_string(ImportTool tool) {
    switch (tool) {
        case ImportTool::dbmate:
            return "dbmate";
        case ImportTool::golang_migrate:
            return "golang-migrate";
        case ImportTool::goose:
            return "goose";
        case ImportTool::flyway:
            return "flyway";
        case ImportTool::sqlx:
            return "sqlx";
        case ImportTool::alembic:
            return "alembic";
    }
    return "unknown";
}

std::string ImportNote::to_string() const {
    std::string out = path.string();
    if (!out.empty() && line > 0) out += ":" + std::to_string(line);
    if (!out.empty()) out += ": ";
    return out + message;
}

FileImport convert_migrations(ImportTool tool, const fs::path& source_dir) {
    switch (tool) {
        case ImportTool::dbmate:
            return import_detail::convert_dbmate(source_dir);
        case ImportTool::golang_migrate:
            return import_detail::convert_golang_migrate(source_dir);
        case ImportTool::goose:
            return import_detail::convert_goose(source_dir);
        case ImportTool::flyway:
            return import_detail::convert_flyway(source_dir);
        case ImportTool::sqlx:
            return import_detail::convert_sqlx(source_dir);
        case ImportTool::alembic:
            break;
    }
    throw UsageError(
        "alembic migrations are Python and cannot be imported as files: write (or `strata dump`) "
        "a baseline migration, then run `strata import alembic --history-only` to record it as "
        "applied where alembic_version says the database is current");
}

void write_migrations(const FileImport& import, const fs::path& target_dir) {
    std::error_code ec;
    // Every check first: a refused import writes nothing.
    std::vector<Migration> existing;
    if (fs::exists(target_dir, ec)) {
        if (!fs::is_directory(target_dir, ec))
            throw MigrationFileError(target_dir, 0, "not a directory");
        existing = MigrationSet::load(target_dir).migrations();
    }
    for (const auto& m : import.migrations) {
        const auto target = target_dir / m.file_name;
        if (fs::exists(target, ec) || fs::is_symlink(target, ec)) {
            throw MigrationFileError(target, 0,
                                     fmt::format("already exists (imported from {}); nothing was "
                                                 "written: remove it or import elsewhere",
                                                 m.sources.front().string()));
        }
        for (const auto& e : existing) {
            if (compare_versions(e.version, m.version) == 0) {
                throw MigrationFileError(
                    m.sources.front(), 0,
                    fmt::format("version {} is already used by {}; nothing was written", m.version,
                                e.path.string()));
            }
        }
        // Each converted file must read back as a strata migration.
        (void)parse_migration(target, m.content);
    }
    fs::create_directories(target_dir, ec);
    if (ec) {
        throw MigrationFileError(target_dir, 0, "cannot create the directory: " + ec.message());
    }
    // Written under hidden temporary names (ignored by strata), then renamed; on any failure
    // everything written so far is removed.
    std::vector<fs::path> temps;
    std::vector<fs::path> done;
    auto undo = [&] {
        std::error_code ignored;
        for (const auto& p : temps) fs::remove(p, ignored);
        for (const auto& p : done) fs::remove(p, ignored);
    };
    const std::string tag = ".strata-import-" + std::to_string(getpid()) + "-";
    try {
        for (const auto& m : import.migrations) {
            const auto temp = target_dir / (tag + m.file_name);
            temps.push_back(temp);
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            out << m.content;
            out.close();
            if (!out) throw MigrationFileError(temp, 0, "cannot write the file");
        }
        for (std::size_t i = 0; i < import.migrations.size(); ++i) {
            const auto target = target_dir / import.migrations[i].file_name;
            fs::rename(temps[i], target, ec);
            if (ec) throw MigrationFileError(target, 0, "cannot write the file: " + ec.message());
            done.push_back(target);
        }
    } catch (...) {
        undo();
        throw;
    }
}

}  // namespace strata::migrate
