// Migration file creation for `strata new`.
#include "new_migration.hpp"

#include <fmt/format.h>

#include <cctype>
#include <fstream>

#include "strata/core/error.hpp"
#include "strata/migrate/migration.hpp"

namespace strata::cli {

namespace fs = std::filesystem;

std::string slug(std::string_view message) {
    std::string out;
    bool pending_sep = false;
    for (unsigned char c : message) {
        if (std::isalnum(c)) {
            if (pending_sep && !out.empty()) out.push_back('_');
            pending_sep = false;
            out.push_back(static_cast<char>(std::tolower(c)));
        } else {
            pending_sep = true;
        }
    }
    if (out.size() > 80) out.resize(80);
    while (!out.empty() && out.back() == '_') out.pop_back();
    if (out.empty()) {
        throw UsageError(
            fmt::format("-m \"{}\": the description needs at least one letter or digit", message));
    }
    return out;
}

std::string next_version(const fs::path& dir, VersionFormat format,
                         std::chrono::system_clock::time_point now) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(now);
    const auto day = std::chrono::floor<std::chrono::days>(secs);
    const std::chrono::year_month_day ymd(day);
    const std::chrono::hh_mm_ss hms(secs - day);
    const std::string date =
        fmt::format("{:04}{:02}{:02}", static_cast<int>(ymd.year()),
                    static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    if (format == VersionFormat::timestamp) {
        return fmt::format("{}{:02}{:02}{:02}", date, hms.hours().count(), hms.minutes().count(),
                           hms.seconds().count());
    }
    int highest = 0;
    std::error_code ec;
    if (fs::is_directory(dir, ec)) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            auto name = migrate::parse_file_name(entry.path().filename().string());
            if (name && name->version.size() == 13 && name->version.starts_with(date)) {
                highest = std::max(highest, std::stoi(name->version.substr(9)));
            }
        }
    }
    if (highest >= 9999)
        throw UsageError(fmt::format("{} already has 9999 migrations for {}", dir.string(), date));
    return fmt::format("{}_{:04}", date, highest + 1);
}

fs::path create_migration_file(const fs::path& dir, std::string_view message, VersionFormat format,
                               std::chrono::system_clock::time_point now, bool no_transaction) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        throw UsageError(fmt::format("{} does not exist: run `strata init` first", dir.string()));
    }
    const std::string name = slug(message);
    const std::string version = next_version(dir, format, now);
    for (const auto& entry : fs::directory_iterator(dir)) {
        auto existing = migrate::parse_file_name(entry.path().filename().string());
        if (existing && existing->version == version) {
            throw UsageError(fmt::format(
                "version {} is already used by {}; wait a second or pick another format", version,
                entry.path().filename().string()));
        }
    }
    const fs::path path = dir / fmt::format("{}_{}.sql", version, name);
    std::ofstream out(path, std::ios::binary);
    out << "-- " << message << "\n";
    if (no_transaction) out << "-- migrate:no-transaction\n";
    out << "-- migrate:up\n\n\n-- migrate:down\n\n";
    if (!out) throw Error(fmt::format("cannot write {}", path.string()));
    return path;
}

}  // namespace strata::cli
