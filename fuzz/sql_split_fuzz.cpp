// libFuzzer harness: sql::split and sql::parse on arbitrary bytes must agree and never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "strata/sql/parse_error.hpp"
#include "strata/sql/parse_tree.hpp"
#include "strata/sql/split.hpp"

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view script(reinterpret_cast<const char*>(data), size);
    std::vector<strata::sql::Statement> split_up;
    try {
        split_up = strata::sql::split(script, "fuzz.sql");
    } catch (const strata::sql::ParseError& e) {
        check(e.line() >= 0 && e.column() >= 0);
        return 0;
    }
    for (const auto& s : split_up) {
        check(!s.text.empty());
        check(s.offset + s.length <= script.size());
        check(script.substr(s.offset, s.length) == s.text);
        check(s.line >= 1 && s.column >= 1);
    }
    try {
        auto tree = strata::sql::parse(script, "fuzz.sql");
        std::size_t i = 0;
        for (const auto& parsed : tree.statements()) {
            check(!parsed.kind.empty());
            if (parsed.source.text.empty()) continue;
            check(i < split_up.size() && split_up[i].offset == parsed.source.offset &&
                  split_up[i].text == parsed.source.text);
            ++i;
        }
        check(i == split_up.size());
    } catch (const strata::sql::ParseError&) {
        // The parser-based split accepted it, so the full parse should too; a JSON-output
        // failure would surface as a different exception type and crash the run.
        std::abort();
    }
    return 0;
}
