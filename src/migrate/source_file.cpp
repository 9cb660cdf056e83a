// Reading migration, seed and imported files; one normalisation of BOM and line endings.
#include "source_file.hpp"

#include <fstream>
#include <sstream>

#include "strata/migrate/errors.hpp"

namespace strata::migrate {

std::string read_source_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw MigrationFileError(path, 0, "cannot read the file (check its permissions)");
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw MigrationFileError(path, 0, "cannot read the file");
    return std::move(buf).str();
}

std::string normalise_source(std::string_view content) {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
    std::string out;
    out.reserve(content.size());
    for (std::size_t i = 0; i < content.size(); ++i) {
        const char c = content[i];
        if (c == '\r') {
            out.push_back('\n');
            if (i + 1 < content.size() && content[i + 1] == '\n') ++i;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace strata::migrate
