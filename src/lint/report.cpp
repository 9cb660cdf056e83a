// Human, JSON and SARIF 2.1.0 renderings of findings.
#include "strata/lint/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "strata/lint/rules.hpp"

namespace strata::lint {

std::string format_human(const Finding& f) {
    std::string out;
    if (!f.file.empty()) {
        out = fmt::format("{}:{}:{}: {} {}: {}\n", f.file, f.line, f.column, to_string(f.severity),
                          f.rule, f.message);
    } else {
        out = fmt::format("{}: {} {}: {}\n", f.object, to_string(f.severity), f.rule, f.message);
    }
    if (!f.excerpt.empty()) {
        out += fmt::format("  {}\n", f.excerpt);
        // The caret under the column (columns count characters, the excerpt is UTF-8).
        std::string pad;
        int chars = 0;
        for (char c : f.excerpt) {
            if (chars + 1 >= f.column) break;
            if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
            pad.push_back(c == '\t' ? '\t' : ' ');
            ++chars;
        }
        out += fmt::format("  {}^\n", pad);
    }
    if (!f.fix.empty()) out += fmt::format("  fix: {}\n", f.fix);
    return out;
}

nlohmann::json to_json(const std::vector<Finding>& findings) {
    auto list = nlohmann::json::array();
    int errors = 0;
    int warnings = 0;
    for (const auto& f : findings) {
        (f.severity == Severity::error ? errors : warnings) += 1;
        list.push_back(
            {{"rule", f.rule},
             {"severity", to_string(f.severity)},
             {"file", f.file.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.file)},
             {"line", f.line > 0 ? nlohmann::json(f.line) : nlohmann::json(nullptr)},
             {"column", f.column > 0 ? nlohmann::json(f.column) : nlohmann::json(nullptr)},
             {"object", f.object.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.object)},
             {"message", f.message},
             {"fix", f.fix}});
    }
    return {{"findings", list}, {"errors", errors}, {"warnings", warnings}};
}

nlohmann::json to_sarif(const std::vector<Finding>& findings) {
    std::vector<std::string> rule_ids;
    for (const auto& f : findings) {
        if (std::ranges::find(rule_ids, f.rule) == rule_ids.end()) rule_ids.push_back(f.rule);
    }
    auto rules_json = nlohmann::json::array();
    for (const auto& id : rule_ids) {
        const Rule* rule = find_rule(id);
        rules_json.push_back(
            {{"id", id},
             {"shortDescription", {{"text", rule ? std::string(rule->summary) : id}}},
             {"help", {{"text", fmt::format("docs/lint/{}.md in the strata sources", id)}}},
             {"defaultConfiguration",
              {{"level",
                rule && rule->default_severity == Severity::error ? "error" : "warning"}}}});
    }
    auto results = nlohmann::json::array();
    for (const auto& f : findings) {
        const auto index = std::ranges::find(rule_ids, f.rule) - rule_ids.begin();
        nlohmann::json result{
            {"ruleId", f.rule},
            {"ruleIndex", index},
            {"level", f.severity == Severity::error ? "error" : "warning"},
            {"message", {{"text", f.fix.empty() ? f.message : f.message + ". Fix: " + f.fix}}}};
        nlohmann::json location = nlohmann::json::object();
        if (!f.file.empty()) {
            nlohmann::json region{{"startLine", std::max(f.line, 1)}};
            if (f.column > 0) region["startColumn"] = f.column;
            location["physicalLocation"] = {{"artifactLocation", {{"uri", f.file}}},
                                            {"region", region}};
        }
        if (!f.object.empty()) {
            location["logicalLocations"] =
                nlohmann::json::array({{{"fullyQualifiedName", f.object}}});
        }
        if (!location.empty()) result["locations"] = nlohmann::json::array({location});
        results.push_back(std::move(result));
    }
    return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
            {"version", "2.1.0"},
            {"runs", nlohmann::json::array(
                         {{{"tool", {{"driver", {{"name", "strata lint"}, {"rules", rules_json}}}}},
                           {"results", results}}})}};
}

bool has_errors(const std::vector<Finding>& findings) {
    return std::ranges::any_of(findings,
                               [](const Finding& f) { return f.severity == Severity::error; });
}

}  // namespace strata::lint
