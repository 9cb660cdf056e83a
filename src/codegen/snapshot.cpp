// render_snapshot() / parse_snapshot(): the snapshot's JSON form.
#include "strata/codegen/snapshot.hpp"

#include <nlohmann/json.hpp>

namespace strata::codegen {
namespace {

using Ordered = nlohmann::ordered_json;

Ordered column_json(const AnalyzedColumn& c) {
    Ordered j{{"name", c.name}, {"pg_type", c.pg_type}, {"nullable", c.nullable}};
    if (!c.cpp_type.empty()) j["cpp_type"] = c.cpp_type;
    if (!c.embed.empty()) {
        j["embed"] = Ordered::array();
        for (const auto& m : c.embed) j["embed"].push_back(column_json(m));
    }
    return j;
}

AnalyzedColumn column_from(const nlohmann::json& j) {
    AnalyzedColumn c{.name = j.at("name"),
                     .pg_type = j.at("pg_type"),
                     .nullable = j.at("nullable"),
                     .cpp_type = j.value("cpp_type", "")};
    const auto embed = j.value("embed", nlohmann::json::array());
    for (const auto& m : embed) c.embed.push_back(column_from(m));
    return c;
}

QueryKind kind_from(const std::string& text, const std::string& file) {
    for (auto k : {QueryKind::one, QueryKind::many, QueryKind::exec, QueryKind::execrows,
                   QueryKind::execresult, QueryKind::copyfrom, QueryKind::batchexec,
                   QueryKind::batchmany, QueryKind::batchone}) {
        if (kind_text(k) == text) return k;
    }
    throw CodegenError(file, 0, "", "unknown kind " + text + " in the snapshot");
}

}  // namespace

std::string render_snapshot(const Snapshot& snapshot) {
    Ordered root{{"version", 1}, {"queries", Ordered::array()}, {"types", Ordered::object()}};
    for (const auto& q : snapshot.queries) {
        Ordered j{{"name", q.name},
                  {"kind", std::string(kind_text(q.kind))},
                  {"file", q.file},
                  {"line", q.line},
                  {"sql", q.sql},
                  {"params", Ordered::array()},
                  {"columns", Ordered::array()}};
        for (const auto& p : q.params) {
            Ordered pj{{"name", p.name},
                       {"number", p.number},
                       {"pg_type", p.pg_type},
                       {"nullable", p.nullable}};
            if (p.slice) pj["slice"] = true;
            j["params"].push_back(pj);
        }
        for (const auto& c : q.columns) j["columns"].push_back(column_json(c));
        if (!q.table.empty()) j["table"] = q.table;
        j["soft_delete_unfiltered"] = q.soft_delete_unfiltered;
        j["findings"] = Ordered::array();
        for (const auto& f : q.findings)
            j["findings"].push_back({{"rule", f.rule}, {"message", f.message}});
        root["queries"].push_back(j);
    }
    for (const auto& [name, t] : snapshot.types) {
        Ordered tj{{"kind", t.kind}};
        if (!t.base.empty()) tj["base"] = t.base;
        root["types"][name] = tj;
    }
    return root.dump(2) + "\n";
}

Snapshot parse_snapshot(std::string_view text, const std::string& file) {
    Snapshot s;
    try {
        const auto root = nlohmann::json::parse(text);
        for (const auto& j : root.at("queries")) {
            AnalyzedQuery q{.name = j.at("name"),
                            .kind = kind_from(j.at("kind"), file),
                            .file = j.at("file"),
                            .line = j.at("line"),
                            .sql = j.at("sql")};
            for (const auto& p : j.at("params")) {
                q.params.push_back({.name = p.at("name"),
                                    .number = p.at("number"),
                                    .pg_type = p.at("pg_type"),
                                    .nullable = p.at("nullable"),
                                    .slice = p.value("slice", false)});
            }
            for (const auto& c : j.at("columns")) q.columns.push_back(column_from(c));
            q.table = j.value("table", "");
            q.soft_delete_unfiltered = j.value("soft_delete_unfiltered", false);
            const auto findings = j.value("findings", nlohmann::json::array());
            for (const auto& f : findings)
                q.findings.push_back({.rule = f.at("rule"), .message = f.at("message")});
            s.queries.push_back(std::move(q));
        }
        const auto types = root.value("types", nlohmann::json::object());
        for (const auto& [name, t] : types.items())
            s.types[name] = {.kind = t.at("kind"), .base = t.value("base", "")};
    } catch (const nlohmann::json::exception& e) {
        throw CodegenError(file, 0, "", std::string("not a strata gen snapshot: ") + e.what());
    }
    return s;
}

}  // namespace strata::codegen
