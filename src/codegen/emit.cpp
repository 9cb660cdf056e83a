// emit(): row structs, parameter structs and one function per query, header and source.
#include "strata/codegen/emit.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "codegen/emit_names.hpp"
#include "codegen/tree.hpp"
#include "strata/sql/parse_tree.hpp"

namespace strata::codegen {
namespace {

struct Field {
    std::string name{};            // C++ identifier
    std::string type{};            // as stored (std::optional<T> when nullable)
    std::string arg;               // as a parameter: by value or const&
    std::vector<Field> members{};  // an embed's members
    std::string embed_type;        // an embed's struct name
    bool nullable = false;
};

// Each function comes in two overloads: inside a transaction (Session) and on a connection.
struct Database {
    std::string_view type;
    std::string var;
};
const Database kDatabases[] = {{"strata::Session", "session"},
                               {"strata::driver::Connection", "conn"}};

bool cheap(std::string_view type) {
    return type == "bool" || type == "std::int16_t" || type == "std::int32_t" ||
           type == "std::int64_t" || type == "float" || type == "double";
}

class QueryEmitter {
public:
    QueryEmitter(const AnalyzedQuery& q, const Snapshot& s, const EmitOptions& o)
        : q_(q), snapshot_(s), options_(o), pascal_(pascal_case(q.name)), fn_(snake_case(q.name)) {
        std::set<std::string> used;
        for (const auto& p : q.params) {
            Field f = field_for(p.name, p.pg_type, "", p.nullable, used);
            params_.push_back(std::move(f));
        }
        used.clear();
        for (const auto& c : q.columns) {
            if (c.embed.empty()) {
                columns_.push_back(field_for(c.name, c.pg_type, c.cpp_type, c.nullable, used));
                continue;
            }
            Field e;
            e.name = unique(cpp_identifier(c.name), used);
            e.embed_type = pascal_case(c.name);
            e.nullable = c.nullable;
            e.type = c.nullable ? "std::optional<" + e.embed_type + ">" : e.embed_type;
            std::set<std::string> inner;
            for (const auto& m : c.embed)
                e.members.push_back(field_for(m.name, m.pg_type, m.cpp_type, m.nullable, inner));
            columns_.push_back(std::move(e));
        }
        scalar_ = columns_.size() == 1 && columns_[0].members.empty();
        row_ = scalar_ ? columns_[0].type : pascal_ + "Row";
        if (!scalar_ && !o.models_header.empty() && !q.table.empty())
            model_ = o.models_namespace + "::" + pascal_case(q.table);
        batch_ = q.kind == QueryKind::copyfrom || q.kind == QueryKind::batchexec ||
                 q.kind == QueryKind::batchone || q.kind == QueryKind::batchmany;
    }

    void declare(std::string& h) const {
        h += fmt::format("// {} ({}:{})\n", q_.name, q_.file, q_.line);
        if (!model_.empty()) {
            h +=
                fmt::format("using {} = {};  // the columns of table {}\n", row_, model_, q_.table);
        } else if (!columns_.empty() && !scalar_) {
            h += fmt::format("struct {} {{\n", row_);
            for (const auto& c : columns_) {
                if (c.members.empty()) continue;
                h += fmt::format("    struct {} {{\n", c.embed_type);
                for (const auto& m : c.members)
                    h += fmt::format("        {} {}{{}};\n", m.type, m.name);
                h += "    };\n";
            }
            for (const auto& c : columns_) h += fmt::format("    {} {}{{}};\n", c.type, c.name);
            h += "};\n";
        }
        if (batch_) {
            h += fmt::format("struct {}Params {{\n", pascal_);
            for (const auto& p : params_) h += fmt::format("    {} {}{{}};\n", p.type, p.name);
            h += "};\n";
        }
        for (const auto& db : kDatabases) {
            for (const auto& sig : signatures(db)) h += sig + ";\n";
        }
        h += "\n";
    }

    void define(std::string& locals, std::string& s) const {
        locals += fmt::format("// {} ({}:{})\nconstexpr std::string_view k{}Sql =\n    {};\n\n",
                              q_.name, q_.file, q_.line, pascal_, string_literal(sent_sql()));
        if (!columns_.empty()) define_decoder(locals);
        for (const auto& db : kDatabases) {
            const auto sigs = signatures(db);
            for (std::size_t i = 0; i < sigs.size(); ++i) {
                s += sigs[i] + " {\n" + body(i, db.var) + "}\n\n";
            }
        }
    }

private:
    static std::string unique(std::string name, std::set<std::string>& used) {
        const std::string base = name;
        for (int k = 2; used.contains(name); ++k) name = fmt::format("{}_{}", base, k);
        used.insert(name);
        return name;
    }

    Field field_for(const std::string& name, const std::string& pg_type,
                    const std::string& cpp_override, bool nullable,
                    std::set<std::string>& used) const {
        std::string t = cpp_override.empty()
                            ? cpp_type_for(pg_type, snapshot_.types, options_.overrides)
                            : cpp_override;
        if (t.empty()) {
            throw CodegenError(
                q_.file, q_.line, q_.name,
                fmt::format("`{}` has type {}, which strata does not map", name, pg_type));
        }
        Field f;
        f.name = unique(cpp_identifier(name), used);
        f.nullable = nullable;
        f.type = nullable ? "std::optional<" + t + ">" : t;
        f.arg = cheap(f.type) ? f.type : "const " + f.type + "&";
        return f;
    }

    static std::string string_literal(const std::string& text) {
        std::string out = "\"";
        for (const char c : text) {
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (c == '\n') {
                out += "\\n\"\n    \"";
            } else if (c == '\r') {
                out += "\\r";
            } else if (c == '\t') {
                out += "\\t";
            } else {
                out += c;
            }
        }
        return out + "\"";
    }

    [[nodiscard]] std::string param_list(const Database& db) const {
        std::string out = fmt::format("{}& {}", db.type, db.var);
        for (const auto& p : params_) out += fmt::format(", {} {}", p.arg, p.name);
        return out;
    }

    [[nodiscard]] std::vector<std::string> signatures(const Database& db) const {
        const std::string items = fmt::format("std::span<const {}Params> items", pascal_);
        const std::string params = param_list(db);
        const std::string batch = fmt::format("{}& {}, {}", db.type, db.var, items);
        switch (q_.kind) {
            case QueryKind::one:
                return {fmt::format("std::optional<{}> {}({})", row_, fn_, params)};
            case QueryKind::many:
                return {fmt::format("std::vector<{}> {}({})", row_, fn_, params),
                        fmt::format("void {}({}, const std::function<void({}&&)>& on_row)", fn_,
                                    params, row_)};
            case QueryKind::exec:
                return {fmt::format("void {}({})", fn_, params)};
            case QueryKind::execrows:
                return {fmt::format("std::uint64_t {}({})", fn_, params)};
            case QueryKind::execresult:
                return {fmt::format("strata::driver::Result {}({})", fn_, params)};
            case QueryKind::copyfrom:
            case QueryKind::batchexec:
                return {fmt::format("std::uint64_t {}({})", fn_, batch)};
            case QueryKind::batchone:
                return {fmt::format("std::vector<std::optional<{}>> {}({})", row_, fn_, batch)};
            case QueryKind::batchmany:
                return {fmt::format("std::vector<std::vector<{}>> {}({})", row_, fn_, batch)};
        }
        return {};
    }

    /// The SQL as sent: a parameter of an enum (or domain) array type is bound as text[] by
    /// the driver, so it gets an explicit cast to its type.
    [[nodiscard]] std::string sent_sql() const {
        std::string sql = q_.sql;
        for (const auto& p : q_.params) {
            const auto it = snapshot_.types.find(p.pg_type);
            if (it == snapshot_.types.end() || it->second.kind != "array") continue;
            const std::string token = fmt::format("${}", p.number);
            for (std::size_t at = sql.find(token); at != std::string::npos;
                 at = sql.find(token, at + 1)) {
                const std::size_t end = at + token.size();
                if (end < sql.size() && sql[end] >= '0' && sql[end] <= '9') continue;
                const std::string cast = fmt::format("{}::{}[]", token, it->second.base);
                sql.replace(at, token.size(), cast);
                at += cast.size() - 1;
            }
        }
        return sql;
    }

    [[nodiscard]] std::string values(const std::string& prefix) const {
        std::string out;
        for (const auto& p : params_) {
            out += fmt::format("{}strata::driver::to_value({}{})", out.empty() ? "" : ", ", prefix,
                               p.name);
        }
        return out;
    }

    [[nodiscard]] std::string run_once(const std::string& db) const {
        if (params_.empty())
            return fmt::format("    auto result = {}.execute(k{}Sql);\n", db, pascal_);
        return fmt::format(
            "    const strata::driver::Value params[] = {{{}}};\n"
            "    auto result = {}.execute(k{}Sql, params);\n",
            values(""), db, pascal_);
    }

    /// :many's callback overload: rows decoded and handed over as they arrive.
    [[nodiscard]] std::string stream(const std::string& db) const {
        std::string out;
        if (!params_.empty())
            out = fmt::format("    const strata::driver::Value params[] = {{{}}};\n", values(""));
        return out + fmt::format(
                         "    (void){}.for_each_row(k{}Sql, {}, [&](const strata::driver::Row& "
                         "row) {{ on_row(decode_{}(row)); }});\n",
                         db, pascal_, params_.empty() ? "{}" : "params", fn_);
    }

    /// The row decoder: the row's cells fetched with one call (strata::driver::RowCells), each
    /// decoded into its member by position.
    void define_decoder(std::string& s) const {
        s += fmt::format("{} decode_{}(const strata::driver::Row& row) {{\n", row_, fn_);
        std::size_t col = 0;
        if (scalar_) {
            s += fmt::format("    return row.get<{}>(0);\n}}\n\n", row_);
            return;
        }
        std::size_t cells = 0;
        for (const auto& c : columns_) cells += c.members.empty() ? 1 : c.members.size();
        s += fmt::format("    const strata::driver::RowCells<{}> cells(row);\n", cells);
        s += fmt::format("    {} out;\n", row_);
        for (const auto& c : columns_) {
            if (c.members.empty()) {
                s += fmt::format("    cells.read({}, out.{});\n", col++, c.name);
                continue;
            }
            std::size_t probe = col;  // the first NOT NULL member tells a missing row apart
            bool any_not_null = false;
            for (std::size_t k = 0; k < c.members.size(); ++k) {
                if (!c.members[k].nullable) {
                    probe = col + k;
                    any_not_null = true;
                    break;
                }
            }
            const std::string indent = "        ";
            if (!c.nullable) {
                s += "    {\n";
            } else {
                std::string test = fmt::format("!cells.is_null({})", probe);
                if (!any_not_null) {
                    test.clear();
                    for (std::size_t k = 0; k < c.members.size(); ++k)
                        test += fmt::format("{}!cells.is_null({})", k ? " || " : "", col + k);
                }
                s += fmt::format("    if ({}) {{\n", test);
            }
            s += fmt::format("{}{}::{} e;\n", indent, row_, c.embed_type);
            for (const auto& m : c.members)
                s += fmt::format("{}cells.read({}, e.{});\n", indent, col++, m.name);
            s += fmt::format("{}out.{} = std::move(e);\n", indent, c.name);
            s += "    }\n";
        }
        s += "    return out;\n}\n\n";
    }

    [[nodiscard]] std::string pipeline_run(const std::string& db) const {
        return fmt::format(
            "    std::vector<strata::driver::Statement> statements;\n"
            "    statements.reserve(items.size());\n"
            "    for (const auto& item : items) {{\n"
            "        statements.push_back({{std::string(k{}Sql), {{{}}}}});\n"
            "    }}\n"
            "    auto results = {}.pipeline(statements);\n",
            pascal_, values("item."), db);
    }

    [[nodiscard]] std::string copy_body(const std::string& db) const {
        const auto parsed = sql::parse(q_.sql);
        const auto& body = tree::body_of(parsed.statements().at(0).node);
        const auto& rel = body.at("relation");
        std::string table = rel.value("relname", "");
        if (rel.contains("schemaname")) table = rel.value("schemaname", "") + "." + table;
        std::string cols;
        for (const auto& c : body.at("cols"))
            cols += fmt::format("{}\"{}\"", cols.empty() ? "" : ", ",
                                tree::body_of(c).value("name", ""));
        // The VALUES list gives the parameter number of each column.
        std::string row;
        const auto& items =
            tree::body_of(tree::body_of(body.at("selectStmt")).at("valuesLists")[0]).at("items");
        for (const auto& item : items) {
            const auto n = static_cast<std::size_t>(tree::body_of(item).value("number", 1));
            row += fmt::format("{}item.{}", row.empty() ? "" : ", ", params_.at(n - 1).name);
        }
        return fmt::format(
            "    const std::string columns[] = {{{}}};\n"
            "    auto writer = {}.copy_in(\"{}\", columns);\n"
            "    for (const auto& item : items) writer.row({});\n"
            "    return writer.finish();\n",
            cols, db, table, row);
    }

    [[nodiscard]] std::string body(std::size_t overload, const std::string& db) const {
        switch (q_.kind) {
            case QueryKind::one:
                return run_once(db) + fmt::format(
                                          "    if (result.empty()) return std::nullopt;\n"
                                          "    return decode_{}(result[0]);\n",
                                          fn_);
            case QueryKind::many:
                if (overload == 0) {
                    return run_once(db) +
                           fmt::format(
                               "    std::vector<{}> out;\n"
                               "    out.reserve(result.size());\n"
                               "    for (const auto& row : result) out.push_back(decode_{}(row));\n"
                               "    return out;\n",
                               row_, fn_);
                }
                return stream(db);
            case QueryKind::exec:
                return run_once(db) + "    (void)result;\n";
            case QueryKind::execrows:
                return run_once(db) + "    return result.affected_rows();\n";
            case QueryKind::execresult:
                return run_once(db) + "    return result;\n";
            case QueryKind::copyfrom:
                return copy_body(db);
            case QueryKind::batchexec:
                return pipeline_run(db) +
                       "    std::uint64_t n = 0;\n"
                       "    for (const auto& r : results) n += r.affected_rows();\n"
                       "    return n;\n";
            case QueryKind::batchone:
                return pipeline_run(db) + fmt::format(
                                              "    std::vector<std::optional<{}>> out;\n"
                                              "    for (const auto& r : results) {{\n"
                                              "        if (r.empty()) {{\n"
                                              "            out.emplace_back();\n"
                                              "        }} else {{\n"
                                              "            out.emplace_back(decode_{}(r[0]));\n"
                                              "        }}\n"
                                              "    }}\n"
                                              "    return out;\n",
                                              row_, fn_);
            case QueryKind::batchmany:
                return pipeline_run(db) +
                       fmt::format(
                           "    std::vector<std::vector<{}>> out;\n"
                           "    for (const auto& r : results) {{\n"
                           "        auto& rows = out.emplace_back();\n"
                           "        for (const auto& row : r) rows.push_back(decode_{}(row));\n"
                           "    }}\n"
                           "    return out;\n",
                           row_, fn_);
        }
        return {};
    }

    const AnalyzedQuery& q_;
    const Snapshot& snapshot_;
    const EmitOptions& options_;
    std::string pascal_{};
    std::string fn_{};
    std::vector<Field> params_{};
    std::vector<Field> columns_{};
    bool scalar_ = false;
    bool batch_ = false;
    std::string row_{};
    std::string model_{};  // the model struct the row aliases, or ""
};

std::string file_stem(const std::string& path) {
    auto name = path.substr(path.find_last_of('/') + 1);
    if (auto dot = name.rfind('.'); dot != std::string::npos) name.erase(dot);
    return name;
}

// Generated code is not reformatted by a project's clang-format run.
constexpr std::string_view kFormatOff = "// clang-format off\n";

constexpr std::string_view kIncludes =
    "#include <cstdint>\n#include <functional>\n#include <optional>\n#include <span>\n"
    "#include <string>\n#include <string_view>\n#include <vector>\n\n"
    "#include \"strata/core/bytes.hpp\"\n#include \"strata/core/date.hpp\"\n"
    "#include \"strata/core/json.hpp\"\n#include \"strata/core/numeric.hpp\"\n"
    "#include \"strata/core/timestamptz.hpp\"\n#include \"strata/core/uuid.hpp\"\n"
    "#include \"strata/driver/connection.hpp\"\n#include \"strata/driver/result.hpp\"\n"
    "#include \"strata/session/session.hpp\"\n";

}  // namespace

std::vector<GeneratedFile> emit(const Snapshot& snapshot, const EmitOptions& options) {
    std::vector<std::string> files{};
    std::map<std::string, std::vector<const AnalyzedQuery*>> by_file;
    for (const auto& q : snapshot.queries) {
        if (!by_file.contains(q.file)) files.push_back(q.file);
        by_file[q.file].push_back(&q);
    }
    std::vector<GeneratedFile> out{};
    for (const auto& file : files) {
        const std::string stem = file_stem(file);
        bool uses_models = false;
        for (const auto* q : by_file[file]) uses_models = uses_models || !q->table.empty();
        const std::string models = uses_models && !options.models_header.empty()
                                       ? fmt::format("#include \"{}\"\n", options.models_header)
                                       : std::string();
        std::string h =
            fmt::format("{} (from {})\n{}#pragma once\n\n{}{}\nnamespace {} {{\n\n", kGeneratedLine,
                        file, kFormatOff, kIncludes, models, options.cpp_namespace);
        std::string s = fmt::format(
            "{} (from {})\n{}#include \"{}{}.hpp\"\n\n#include <utility>\n\nnamespace {} "
            "{{\nnamespace "
            "{{\n\n",
            kGeneratedLine, file, kFormatOff, options.include_prefix, stem, options.cpp_namespace);
        std::string defs;
        for (const auto* q : by_file[file]) {
            QueryEmitter e(*q, snapshot, options);
            e.declare(h);
            e.define(s, defs);
        }
        // The SQL constants and decoders are file-local; the functions are not.
        s += "}  // namespace\n\n";
        s += defs;
        s += fmt::format("}}  // namespace {}\n", options.cpp_namespace);
        h += fmt::format("}}  // namespace {}\n", options.cpp_namespace);
        out.push_back({.path = stem + ".hpp", .content = std::move(h)});
        out.push_back({.path = stem + ".cpp", .content = std::move(s)});
    }
    return out;
}

}  // namespace strata::codegen
