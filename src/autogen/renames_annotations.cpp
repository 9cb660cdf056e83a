// Reads `-- strata:renamed-from` annotations: on a CREATE TABLE (table) or a column line inside
// one.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <regex>

#include "strata/autogen/renames.hpp"

namespace strata::autogen {
namespace {

std::string unquote(std::string s) {
    std::string out;
    bool quoted = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '"') {
            if (quoted && i + 1 < s.size() && s[i + 1] == '"') {
                out += '"';
                ++i;
            } else {
                quoted = !quoted;
            }
            continue;
        }
        out += quoted ? s[i] : static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    }
    return out;
}

std::string qualify(const std::string& name, std::string_view schema) {
    auto n = unquote(name);
    return n.find('.') == std::string::npos ? std::string(schema) + "." + n : n;
}

}  // namespace

Renames read_renames(std::string_view sql, std::string_view file, std::string_view default_schema) {
    static const std::regex create_table(
        R"(^\s*CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:UNLOGGED|TEMP|TEMPORARY)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:"[^"]+"|[A-Za-z_][A-Za-z0-9_$]*)(?:\.(?:"[^"]+"|[A-Za-z_][A-Za-z0-9_$]*))?))",
        std::regex::icase);
    static const std::regex annotation(R"(--\s*strata:renamed-from\s+(\S+))");
    static const std::regex column(R"(^\s*("[^"]+"|[A-Za-z_][A-Za-z0-9_$]*))");
    Renames out;
    std::string table;  // the CREATE TABLE whose body we are in
    int depth = 0;
    struct Pending {
        std::string old_name;
        std::size_t line = 0;
    };
    std::optional<Pending> pending;
    std::size_t number = 0;
    std::size_t start = 0;
    auto attach = [&](const Pending& p, const std::string& code) {
        std::smatch m;
        if (std::regex_search(code, m, create_table)) {
            auto to = qualify(m[1].str(), default_schema);
            auto schema = to.substr(0, to.find('.'));
            out.tables[to] = qualify(p.old_name, schema);
            return;
        }
        if (!table.empty() && depth > 0 && std::regex_search(code, m, column)) {
            auto name = unquote(m[1].str());
            static const char* not_columns[] = {"constraint", "primary", "unique", "check",
                                                "foreign",    "exclude", "like"};
            if (std::ranges::none_of(not_columns, [&](const char* k) { return name == k; })) {
                out.columns[{table, name}] = unquote(p.old_name);
                return;
            }
        }
        throw UsageError(fmt::format(
            "{}:{}: -- strata:renamed-from {} stands on no CREATE TABLE and no column of one", file,
            p.line, p.old_name));
    };
    while (start <= sql.size()) {
        auto end = sql.find('\n', start);
        if (end == std::string_view::npos) end = sql.size();
        std::string line(sql.substr(start, end - start));
        start = end + 1;
        ++number;
        std::smatch m;
        std::optional<Pending> here;
        std::string code = line;
        if (auto dash = line.find("--"); dash != std::string::npos) {
            code = line.substr(0, dash);
            auto comment = line.substr(dash);
            if (std::regex_search(comment, m, annotation)) here = Pending{m[1].str(), number};
        }
        bool has_code = code.find_first_not_of(" \t\r") != std::string::npos;
        if (has_code) {
            std::smatch t;
            bool opens = std::regex_search(code, t, create_table);
            if (opens) {
                table = qualify(t[1].str(), default_schema);
                depth = 0;
            }
            // Annotations apply to this line: one pending from above, or one at its end.
            if (pending) attach(*pending, code);
            pending.reset();
            if (here) attach(*here, code);
            for (char ch : code) {
                if (ch == '(') ++depth;
                if (ch == ')') --depth;
            }
            if (depth <= 0 && !(opens && code.find('(') == std::string::npos)) table.clear();
        } else if (here) {
            pending = here;
        }
        if (end == sql.size()) break;
    }
    if (pending) {
        throw UsageError(fmt::format("{}:{}: -- strata:renamed-from {} stands on nothing", file,
                                     pending->line, pending->old_name));
    }
    return out;
}

}  // namespace strata::autogen
