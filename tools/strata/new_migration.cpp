// Migration file creation for `strata new`.
#include "new_migration.hpp"

#include <fmt/format.h>

#include <cctype>
#include <fstream>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/migrate/migration.hpp"

namespace strata::cli {

namespace fs = std::filesystem;

namespace {

/// The length of the UTF-8 sequence starting at text[i] (1..4), or 0 when it is not valid.
std::size_t new_migration_utf8_length(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
        n = 2;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
        n = 4;
    } else {
        return 0;
    }
    if (i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
    }
    return n;
}

/// Decodes the code point of a valid sequence of length n at text[i].
char32_t new_migration_code_point(std::string_view text, std::size_t i, std::size_t n) {
    const auto c = static_cast<unsigned char>(text[i]);
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    return cp;
}

/// Non-ASCII code points kept in a slug: everything but spaces, punctuation and symbols of the
/// Latin-1 supplement, general punctuation, arrows to dingbats, CJK punctuation and the like.
bool new_migration_keeps(char32_t cp) {
    if (cp < 0xC0) return false;                     // Latin-1 punctuation and symbols
    if (cp == 0xD7 || cp == 0xF7) return false;      // × ÷
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, arrows, symbols, boxes
    if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
    if (cp >= 0xFE30 && cp <= 0xFE4F) return false;  // CJK compatibility forms
    if (cp >= 0xFF00 && cp <= 0xFF0F) return false;  // fullwidth punctuation
    if (cp >= 0x1F000) return false;                 // emoji and pictographs
    return cp != 0xFEFF;
}

}  // namespace

std::string slug(std::string_view message) {
    std::string out;
    bool pending_sep = false;
    auto keep = [&](std::string_view piece) {
        if (pending_sep && !out.empty()) out.push_back('_');
        pending_sep = false;
        out.append(piece);
    };
    constexpr std::size_t kMaxBytes = 80;
    for (std::size_t i = 0; i < message.size();) {
        const std::size_t n = new_migration_utf8_length(message, i);
        if (n == 0) {
            throw UsageError(
                fmt::format("-m: the description is not valid UTF-8 (byte {})", i + 1));
        }
        const auto c = static_cast<unsigned char>(message[i]);
        if (n == 1 && std::isalnum(c)) {
            if (out.size() < kMaxBytes) keep(std::string(1, static_cast<char>(std::tolower(c))));
        } else if (n > 1 && new_migration_keeps(new_migration_code_point(message, i, n))) {
            // Kept as UTF-8 letters (never cut inside a character).
            if (out.size() + n <= kMaxBytes) keep(message.substr(i, n));
        } else {
            pending_sep = true;  // spaces, newlines, punctuation, symbols
        }
        i += n;
    }
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
                               std::chrono::system_clock::time_point now, bool no_transaction,
                               const MigrationBody& body) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        throw UsageError(fmt::format("{} does not exist: run `strata init` first", dir.string()));
    }
    const std::string name = slug(message);
    // One comment line per line of the description, so a newline cannot put text outside a
    // comment; a line that would read as a directive is refused.
    std::vector<std::string_view> header;
    for (std::string_view rest = message;;) {
        const auto end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        if (line.ends_with('\r')) line.remove_suffix(1);
        const auto first = line.find_first_not_of(" \t");
        if (first != std::string_view::npos && line.substr(first).starts_with("migrate:")) {
            throw UsageError(fmt::format(
                "-m: the description line \"{}\" would read as a '-- migrate:' directive", line));
        }
        header.push_back(line);
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
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
    for (const auto& line : header) out << "-- " << line << "\n";
    if (no_transaction) out << "-- migrate:no-transaction\n";
    if (body.up.empty() && body.down.empty()) {
        out << "-- migrate:up\n\n\n-- migrate:down\n\n";
    } else {
        out << "-- migrate:up\n" << body.up << "\n-- migrate:down\n" << body.down;
    }
    if (!out) throw Error(fmt::format("cannot write {}", path.string()));
    return path;
}

}  // namespace strata::cli
