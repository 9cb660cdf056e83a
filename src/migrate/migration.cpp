// Parsing of one migration file: sections, directives, header comment and checksum.
#include "strata/migrate/migration.hpp"

#include <openssl/evp.h>

#include <array>
#include <cctype>
#include <memory>

#include "source_file.hpp"
#include "strata/migrate/errors.hpp"

namespace strata::migrate {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

/// A directive line is "-- migrate:<word>" with optional spaces after "--".
std::optional<std::string_view> directive(std::string_view line) {
    line = trim(line);
    if (!line.starts_with("--")) return std::nullopt;
    line = trim(line.substr(2));
    if (!line.starts_with("migrate:")) return std::nullopt;
    return trim(line.substr(8));
}

bool only_comments_and_space(std::string_view sql) {
    std::size_t pos = 0;
    while (pos < sql.size()) {
        std::size_t end = sql.find('\n', pos);
        if (end == std::string_view::npos) end = sql.size();
        auto line = trim(sql.substr(pos, end - pos));
        if (!line.empty() && !line.starts_with("--")) return false;
        pos = end + 1;
    }
    return true;
}

}  // namespace

namespace {

/// The SHA-256 (hex) of a text normalise_source() already made.
std::string checksum_of_normalised(std::string_view text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int len = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &len, EVP_sha256(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(static_cast<std::size_t>(len) * 2);
    for (unsigned int i = 0; i < len; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0xF]);
    }
    return hex;
}

}  // namespace

std::string migration_checksum(std::string_view content) {
    if (!needs_normalising(content)) return checksum_of_normalised(content);
    return checksum_of_normalised(normalise_source(content));
}

namespace {

/// The length of the version at the start of name (before its '_'), or 0 when there is none.
std::size_t version_length(std::string_view name) {
    // YYYYMMDD_NNNN_ comes first: its '_' is part of the version.
    if (name.size() > 14 && all_digits(name.substr(0, 8)) && name[8] == '_' &&
        all_digits(name.substr(9, 4)) && name[13] == '_') {
        return 13;
    }
    std::size_t n = 0;
    bool digit_before = false;
    while (n < name.size() && name[n] != '_') {
        const char c = name[n];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digit_before = true;
        } else if (c == '.' && digit_before) {
            digit_before = false;  // a dot needs digits on both sides
        } else {
            return 0;
        }
        ++n;
    }
    return digit_before ? n : 0;
}

/// One numeric part of a version with its leading zeros removed.
std::string_view strip_zeros(std::string_view part) {
    while (part.size() > 1 && part.front() == '0') part.remove_prefix(1);
    return part;
}

std::strong_ordering compare_part(std::string_view a, std::string_view b) {
    a = strip_zeros(a);
    b = strip_zeros(b);
    if (a.size() != b.size()) return a.size() <=> b.size();
    const int c = a.compare(b);
    return c < 0 ? std::strong_ordering::less
                 : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

/// The numeric parts of a version. YYYYMMDD_NNNN reads as YYYYMMDD999999, NNNN: after every
/// timestamp of its day, as plain text order had it before integer versions existed.
std::vector<std::string> version_parts(std::string_view v) {
    std::vector<std::string> parts;
    if (v.size() == 13 && v[8] == '_') {
        parts.push_back(std::string(v.substr(0, 8)) + "999999");
        parts.emplace_back(v.substr(9));
        return parts;
    }
    std::size_t pos = 0;
    while (pos <= v.size()) {
        std::size_t end = v.find('.', pos);
        if (end == std::string_view::npos) end = v.size();
        parts.emplace_back(v.substr(pos, end - pos));
        pos = end + 1;
    }
    return parts;
}

}  // namespace

std::optional<VersionedName> parse_file_name(std::string_view file_name) {
    if (!file_name.ends_with(".sql")) return std::nullopt;
    file_name.remove_suffix(4);
    const std::size_t n = version_length(file_name);
    if (n == 0 || n + 1 >= file_name.size() || file_name[n] != '_') return std::nullopt;
    return VersionedName{std::string(file_name.substr(0, n)), std::string(file_name.substr(n + 1))};
}

bool is_version(std::string_view text) {
    if (text.empty()) return false;
    const std::string probe = std::string(text) + "_x";
    return version_length(probe) == text.size();
}

std::strong_ordering compare_versions(std::string_view a, std::string_view b) {
    const auto pa = version_parts(a);
    const auto pb = version_parts(b);
    for (std::size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
        if (auto c = compare_part(pa[i], pb[i]); c != 0) return c;
    }
    return pa.size() <=> pb.size();
}

namespace {

/// Parses the text of a migration already normalised (normalise_source), keeping it as the
/// migration's source, which the sections view into.
Migration parse_normalised(const std::filesystem::path& path,
                           std::shared_ptr<const std::string> source) {
    auto name = parse_file_name(path.filename().string());
    if (!name) {
        throw MigrationFileError(path, 0,
                                 "not a migration file name: expected <version>_<name>.sql with "
                                 "version YYYYMMDDHHMMSS, YYYYMMDD_NNNN or an integer (1, 0042, "
                                 "1.2)");
    }
    Migration m;
    m.version = name->version;
    m.name = name->name;
    m.path = path;
    const std::string_view text = *source;
    m.checksum = checksum_of_normalised(text);
    if (trim(text).empty()) throw MigrationFileError(path, 0, "the file is empty");

    enum class Section { header, up, down } section = Section::header;
    // The sections are byte ranges of text: up from the line after its marker to the down
    // marker (or the end), down from the line after its marker to the end.
    std::size_t up_begin = 0;
    std::size_t up_end = text.size();
    std::size_t down_begin = text.size();
    std::string description;
    bool saw_down = false;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t line_begin = pos;
        std::size_t end = text.find('\n', pos);
        const bool last = end == std::string::npos;
        if (last) end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        ++line_no;
        pos = last ? text.size() : end + 1;
        if (auto full = directive(line)) {
            // dbmate's section options: "-- migrate:up transaction:false".
            const auto space = full->find_first_of(" \t");
            const std::string_view d =
                space == std::string_view::npos ? *full : full->substr(0, space);
            const std::string_view options =
                space == std::string_view::npos ? std::string_view() : trim(full->substr(space));
            if (!options.empty()) {
                if (d != "up" && d != "down") {
                    throw MigrationFileError(path, line_no,
                                             "'-- migrate:" + std::string(d) +
                                                 "' takes no options (found '" +
                                                 std::string(options) + "')");
                }
                if (options == "transaction:false") {
                    // strata runs a whole migration with or without a transaction: either
                    // section asking for none makes both run without one.
                    m.transactional = false;
                } else if (options != "transaction:true") {
                    throw MigrationFileError(path, line_no,
                                             "unknown option '" + std::string(options) +
                                                 "' of '-- migrate:" + std::string(d) +
                                                 "' (known: transaction:false, transaction:true)");
                }
            }
            if (d == "up") {
                if (section != Section::header) {
                    throw MigrationFileError(path, line_no, "a second '-- migrate:up' marker");
                }
                section = Section::up;
                m.up_line = line_no + 1;
                up_begin = pos;
            } else if (d == "down") {
                if (section == Section::header) {
                    throw MigrationFileError(path, line_no,
                                             "'-- migrate:down' before '-- migrate:up'");
                }
                if (saw_down)
                    throw MigrationFileError(path, line_no, "a second '-- migrate:down' marker");
                section = Section::down;
                saw_down = true;
                m.down_line = line_no + 1;
                up_end = line_begin;
                down_begin = pos;
            } else if (d == "no-transaction") {
                if (section != Section::header) {
                    throw MigrationFileError(
                        path, line_no,
                        "'-- migrate:no-transaction' must come before '-- migrate:up'");
                }
                m.transactional = false;
            } else {
                throw MigrationFileError(path, line_no,
                                         "unknown directive '-- migrate:" + std::string(d) +
                                             "' (known: up, down, no-transaction)");
            }
            continue;
        }
        if (section != Section::header) continue;  // a section's lines are viewed, not copied
        auto t = trim(line);
        if (t.empty()) continue;
        if (!t.starts_with("--")) {
            throw MigrationFileError(path, line_no,
                                     "SQL before '-- migrate:up': put statements after the "
                                     "'-- migrate:up' marker");
        }
        t = trim(t.substr(2));
        if (!description.empty()) description.push_back('\n');
        description.append(t);
    }
    if (section == Section::header) {
        throw MigrationFileError(path, 0,
                                 "no '-- migrate:up' marker: a migration needs an up section");
    }
    m.up_sql = text.substr(up_begin, up_end - up_begin);
    if (only_comments_and_space(m.up_sql)) {
        throw MigrationFileError(path, m.up_line - 1, "the up section has no statements");
    }
    // A present but empty (or comment-only) down section is a deliberate no-op down; only a
    // missing one makes the migration irreversible.
    if (saw_down) m.down_sql = text.substr(down_begin);
    m.description = std::move(description);
    m.source = std::move(source);
    return m;
}

}  // namespace

Migration parse_migration(const std::filesystem::path& path, std::string_view content) {
    return parse_normalised(
        path, std::make_shared<const std::string>(
                  needs_normalising(content) ? normalise_source(content) : std::string(content)));
}

Migration parse_migration(const std::filesystem::path& path,
                          std::shared_ptr<const std::string> content) {
    if (needs_normalising(*content)) {
        // The caller's text stays as it is; the migration holds the normalised copy only.
        return parse_normalised(path,
                                std::make_shared<const std::string>(normalise_source(*content)));
    }
    return parse_normalised(path, std::move(content));
}

Migration load_migration(const std::filesystem::path& path) {
    return parse_migration(path, std::make_shared<const std::string>(read_source_file(path)));
}

}  // namespace strata::migrate
