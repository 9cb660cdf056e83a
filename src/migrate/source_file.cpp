// Reading migration, seed and imported files; one normalisation of BOM and line endings.
#include "source_file.hpp"

#include <fstream>
#include <sstream>

#include "strata/migrate/errors.hpp"

namespace strata::migrate {

std::string read_source_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw MigrationFileError(path, 0, "cannot read the file (check its permissions)");
    // One allocation of the file's size (a stream copy grows its buffer by doubling: for a
    // 50 MB file that is most of the time spent reading it).
    const auto size = in.tellg();
    std::string text;
    if (size > 0) {
        text.resize(static_cast<std::size_t>(size));
        in.seekg(0);
        in.read(text.data(), static_cast<std::streamsize>(size));
        text.resize(static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) throw MigrationFileError(path, 0, "cannot read the file");
    // A file still growing (or a pipe) is read to its end.
    std::ostringstream rest;
    in.clear();
    rest << in.rdbuf();
    text += std::move(rest).str();
    return text;
}

bool needs_normalising(std::string_view content) {
    return content.starts_with("\xEF\xBB\xBF") || content.find('\r') != std::string_view::npos;
}

std::string normalise_source(std::string_view content) {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
    std::string out;
    out.reserve(content.size());
    // Whole runs between carriage returns at a time.
    for (std::size_t pos = 0; pos < content.size();) {
        const auto cr = content.find('\r', pos);
        if (cr == std::string_view::npos) {
            out.append(content.substr(pos));
            break;
        }
        out.append(content.substr(pos, cr - pos));
        out.push_back('\n');
        pos = cr + 1;
        if (pos < content.size() && content[pos] == '\n') ++pos;
    }
    return out;
}

}  // namespace strata::migrate
