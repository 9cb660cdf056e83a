// Dump statements of the generic Objects: CREATE per kind, the reference COMMENT ON and
// ALTER ... OWNER TO use, their rank and section in the dump.
#include <fmt/format.h>

#include <map>

#include "schema/dump_render.hpp"
#include "strata/sql/quote.hpp"

namespace strata::schema::render {
namespace {

using sql::quote_literal;

const std::string* property(const Object& o, const std::string& name) {
    auto it = o.properties.find(name);
    return it == o.properties.end() ? nullptr : &it->second;
}

/// "KEY = value" options in a fixed order; literal_keys are quoted as strings, flag_keys
/// (value "true") written as the bare keyword.
std::vector<std::string> options(const Object& o, const std::vector<std::string>& keys,
                                 const std::vector<std::string>& literal_keys = {},
                                 const std::vector<std::string>& flag_keys = {}) {
    std::vector<std::string> out;
    for (const auto& key : keys) {
        const auto* value = property(o, key);
        if (!value) continue;
        auto upper = key;
        for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (std::ranges::find(flag_keys, key) != flag_keys.end()) {
            out.push_back(upper);
        } else if (std::ranges::find(literal_keys, key) != literal_keys.end()) {
            out.push_back(fmt::format("{} = {}", upper, quote_literal(*value)));
        } else {
            out.push_back(fmt::format("{} = {}", upper, *value));
        }
    }
    return out;
}

std::string aggregate(const Object& o, const std::string& name) {
    const auto* args = property(o, "arguments");
    auto opts = options(o,
                        {"sfunc",
                         "stype",
                         "sspace",
                         "finalfunc",
                         "finalfunc_extra",
                         "finalfunc_modify",
                         "combinefunc",
                         "serialfunc",
                         "deserialfunc",
                         "initcond",
                         "msfunc",
                         "minvfunc",
                         "mstype",
                         "msspace",
                         "mfinalfunc",
                         "mfinalfunc_extra",
                         "mfinalfunc_modify",
                         "minitcond",
                         "sortop",
                         "parallel"},
                        {"initcond", "minitcond"}, {"finalfunc_extra", "mfinalfunc_extra"});
    if (const auto* kind = property(o, "kind"); kind && *kind == "hypothetical-set")
        opts.emplace_back("HYPOTHETICAL");
    return fmt::format("CREATE AGGREGATE {}({}) (\n    {}\n);", name,
                       args && !args->empty() ? *args : "*", fmt::join(opts, ",\n    "));
}

std::string collation(const Object& o, const std::string& name) {
    std::vector<std::string> opts;
    const auto* provider = property(o, "provider");
    opts.push_back("provider = " + (provider ? *provider : std::string("libc")));
    for (const char* key : {"locale", "lc_collate", "lc_ctype", "rules"}) {
        if (const auto* v = property(o, key))
            opts.push_back(fmt::format("{} = {}", key, quote_literal(*v)));
    }
    if (const auto* v = property(o, "deterministic")) opts.push_back("deterministic = " + *v);
    return fmt::format("CREATE COLLATION {} ({});", name, fmt::join(opts, ", "));
}

std::string range(const Object& o, const std::string& name) {
    std::vector<std::string> opts;
    for (const char* key : {"subtype", "subtype_opclass", "collation", "canonical", "subtype_diff",
                            "multirange_type_name"}) {
        if (const auto* v = property(o, key)) opts.push_back(fmt::format("{} = {}", key, *v));
    }
    return fmt::format("CREATE TYPE {} AS RANGE (\n    {}\n);", name, fmt::join(opts, ",\n    "));
}

std::string text_search(const Object& o, const std::string& name) {
    if (o.kind == "text search parser") {
        return fmt::format(
            "CREATE TEXT SEARCH PARSER {} (\n    {}\n);", name,
            fmt::join(options(o, {"start", "gettoken", "end", "lextypes", "headline"}), ",\n    "));
    }
    if (o.kind == "text search template") {
        return fmt::format("CREATE TEXT SEARCH TEMPLATE {} (\n    {}\n);", name,
                           fmt::join(options(o, {"init", "lexize"}), ",\n    "));
    }
    if (o.kind == "text search dictionary") {
        const auto* options_text = property(o, "options");
        return fmt::format("CREATE TEXT SEARCH DICTIONARY {} (\n    TEMPLATE = {}{}\n);", name,
                           property(o, "template") ? *property(o, "template") : "simple",
                           options_text ? ",\n    " + *options_text : "");
    }
    std::string s = fmt::format("CREATE TEXT SEARCH CONFIGURATION {} (\n    PARSER = {}\n);", name,
                                property(o, "parser") ? *property(o, "parser") : "default");
    for (const auto& [key, value] : o.properties) {
        if (!key.starts_with("mapping ")) continue;
        s += fmt::format("\nALTER TEXT SEARCH CONFIGURATION {} ADD MAPPING FOR {} WITH {};", name,
                         key.substr(8), value);
    }
    return s;
}

std::string operator_object(const Object& o, const std::string& name) {
    auto opts = options(o,
                        {"function", "leftarg", "rightarg", "commutator", "negator", "restrict",
                         "join", "hashes", "merges"},
                        {}, {"hashes", "merges"});
    return fmt::format("CREATE OPERATOR {} (\n    {}\n);", name, fmt::join(opts, ",\n    "));
}

std::string value_or(const Object& o, const std::string& key, const std::string& fallback) {
    const auto* v = property(o, key);
    return v ? *v : fallback;
}

std::string cast(const Object& o) {
    std::string how = o.properties.contains("function")
                          ? "WITH FUNCTION " + value_or(o, "function", "")
                      : value_or(o, "method", "") == "inout" ? "WITH INOUT"
                                                             : "WITHOUT FUNCTION";
    std::string context = value_or(o, "context", "");
    if (context == "assignment") how += " AS ASSIGNMENT";
    if (context == "implicit") how += " AS IMPLICIT";
    return fmt::format("CREATE CAST {} {};", o.name, how);
}

/// A function's name without its argument list: "s.f(integer)" -> "s.f" (HANDLER, INLINE and
/// VALIDATOR take a name).
std::string function_name(const std::string& regprocedure) {
    return regprocedure.substr(0, regprocedure.find('('));
}

std::string fdw_clauses(const Object& o) {
    std::string s;
    if (const auto* v = property(o, "handler")) s += " HANDLER " + *v;
    if (const auto* v = property(o, "validator")) s += " VALIDATOR " + *v;
    return s;
}

std::string options_clause(const Object& o) {
    const auto* v = property(o, "options");
    return v ? " OPTIONS (" + *v + ")" : "";
}

std::string subscription(const Object& o, const std::string& name) {
    std::vector<std::string> with{"connect = false"};
    auto slot = value_or(o, "slot_name", "NONE");
    with.push_back("slot_name = " + (slot == "NONE" ? slot : quote_literal(slot)));
    for (const auto& [key, value] : o.properties) {
        if (key == "connection" || key == "publications" || key == "slot_name") continue;
        with.push_back(fmt::format(
            "{} = {}", key, value == "true" || value == "false" ? value : quote_literal(value)));
    }
    return fmt::format("CREATE SUBSCRIPTION {} CONNECTION {} PUBLICATION {} WITH ({});", name,
                       quote_literal(value_or(o, "connection", "")),
                       value_or(o, "publications", ""), fmt::join(with, ", "));
}

std::string language(const Object& o, const std::string& name) {
    std::string s = fmt::format("CREATE {}LANGUAGE {} HANDLER {}",
                                o.properties.contains("trusted") ? "TRUSTED " : "", name,
                                function_name(value_or(o, "handler", "")));
    if (const auto* v = property(o, "inline")) s += " INLINE " + function_name(*v);
    if (const auto* v = property(o, "validator")) s += " VALIDATOR " + function_name(*v);
    return s + ";";
}

std::string transform(const Object& o) {
    std::vector<std::string> parts;
    if (const auto* v = property(o, "from_sql")) parts.push_back("FROM SQL WITH FUNCTION " + *v);
    if (const auto* v = property(o, "to_sql")) parts.push_back("TO SQL WITH FUNCTION " + *v);
    return fmt::format("CREATE TRANSFORM {} (\n    {}\n);", o.name, fmt::join(parts, ",\n    "));
}

std::string global_object(const Object& o, const std::string& name) {
    if (o.kind == "cast") return cast(o);
    if (o.kind == "language") return language(o, name);
    if (o.kind == "transform") return transform(o);
    if (o.kind == "subscription") return subscription(o, name);
    if (o.kind == "security label") {
        return fmt::format("SECURITY LABEL FOR {}{} IS {};", name, o.identity,
                           quote_literal(value_or(o, "label", "")));
    }
    if (o.kind == "event trigger") {
        std::string s =
            fmt::format("CREATE EVENT TRIGGER {} ON {}", name, value_or(o, "event", ""));
        if (const auto* tags = property(o, "tags")) s += "\n    WHEN TAG IN (" + *tags + ")";
        s += "\n    EXECUTE FUNCTION " + value_or(o, "function", "") + "();";
        if (const auto* state = property(o, "enabled"))
            s += fmt::format("\n\nALTER EVENT TRIGGER {} {};", name, *state);
        return s;
    }
    if (o.kind == "publication") {
        std::vector<std::string> what;
        if (o.properties.contains("all_tables")) what.emplace_back("ALL TABLES");
        if (const auto* v = property(o, "tables")) what.push_back("TABLE " + *v);
        if (const auto* v = property(o, "schemas")) what.push_back("TABLES IN SCHEMA " + *v);
        std::string s = fmt::format("CREATE PUBLICATION {}", name);
        if (!what.empty()) s += fmt::format(" FOR {}", fmt::join(what, ", "));
        s += fmt::format(" WITH (publish = {}", quote_literal(value_or(o, "publish", "")));
        if (o.properties.contains("publish_via_partition_root"))
            s += ", publish_via_partition_root = true";
        return s + ");";
    }
    if (o.kind == "foreign data wrapper") {
        return fmt::format("CREATE FOREIGN DATA WRAPPER {}{}{};", name, fdw_clauses(o),
                           options_clause(o));
    }
    if (o.kind == "server") {
        std::string s = "CREATE SERVER " + name;
        if (const auto* v = property(o, "type")) s += " TYPE " + quote_literal(*v);
        if (const auto* v = property(o, "version")) s += " VERSION " + quote_literal(*v);
        return s + fmt::format(" FOREIGN DATA WRAPPER {}{};", value_or(o, "wrapper", ""),
                               options_clause(o));
    }
    if (o.kind == "user mapping") {
        return fmt::format("CREATE USER MAPPING FOR {} SERVER {}{};",
                           o.name == "PUBLIC" ? "PUBLIC" : sql::quote_ident(o.name),
                           sql::quote_ident(o.identity.substr(8)), options_clause(o));
    }
    return fmt::format("CREATE ACCESS METHOD {} TYPE {} HANDLER {};", name,
                       value_or(o, "type", "TABLE"), value_or(o, "handler", ""));
}

/// The OPERATOR / FUNCTION / STORAGE items of an operator class or family.
std::vector<std::string> opclass_items(const Object& o) {
    std::vector<std::string> out;
    for (const auto& [key, value] : o.properties) {
        bool op = key.starts_with("operator ");
        if (!op && !key.starts_with("function ")) continue;
        auto number = std::to_string(std::stoi(key.substr(9, 3)));
        if (op) {
            out.push_back(fmt::format("OPERATOR {} {}", number, value));
        } else {
            out.push_back(fmt::format("FUNCTION {} {} {}", number, key.substr(13), value));
        }
    }
    if (const auto* storage = property(o, "storage")) out.push_back("STORAGE " + *storage);
    return out;
}

std::string operator_class(const Object& o, const std::string& name) {
    auto items = opclass_items(o);
    if (o.kind == "operator family") {
        auto s = fmt::format("CREATE OPERATOR FAMILY {}{};", name, o.identity);
        if (!items.empty()) {
            s += fmt::format("\n\nALTER OPERATOR FAMILY {}{} ADD\n    {};", name, o.identity,
                             fmt::join(items, ",\n    "));
        }
        return s;
    }
    const auto type = value_or(o, "type", "");
    if (items.empty()) items.push_back("STORAGE " + type);
    return fmt::format("CREATE OPERATOR CLASS {}{} FOR TYPE {}{} FAMILY {} AS\n    {};", name,
                       o.properties.contains("default") ? " DEFAULT" : "", type, o.identity,
                       value_or(o, "family", ""), fmt::join(items, ",\n    "));
}

std::string schema_object(const Object& o, const std::string& name) {
    if (o.kind == "operator") return operator_object(o, name);
    if (o.kind == "operator class" || o.kind == "operator family") return operator_class(o, name);
    if (o.kind == "conversion") {
        return fmt::format("CREATE {}CONVERSION {} FOR {} TO {} FROM {};",
                           o.properties.contains("default") ? "DEFAULT " : "", name,
                           quote_literal(value_or(o, "source", "")),
                           quote_literal(value_or(o, "destination", "")),
                           value_or(o, "function", ""));
    }
    std::string s = value_or(o, "definition", "") + ";";
    if (const auto* target = property(o, "target"))
        s += fmt::format("\n\nALTER STATISTICS {} SET STATISTICS {};", name, *target);
    return s;
}

/// The object's name as SQL writes it: operators and casts are not identifiers.
std::string sql_name(const Object& o) {
    if (o.kind == "operator") return sql::quote_ident(o.schema) + "." + o.name;
    if (o.kind == "cast" || o.kind == "transform") return o.name;
    return o.schema.empty() ? sql::quote_ident(o.name) : sql::quote_qualified(o.schema, o.name);
}

}  // namespace

std::string foreign_options(const std::vector<std::string>& options) {
    std::vector<std::string> items;
    items.reserve(options.size());
    for (const auto& o : options) {
        auto eq = o.find('=');
        items.push_back(sql::quote_ident(o.substr(0, eq)) + " " +
                        quote_literal(eq == std::string::npos ? "" : o.substr(eq + 1)));
    }
    return fmt::format("OPTIONS ({})", fmt::join(items, ", "));
}

std::pair<std::string, std::string> object_target(const Object& o) {
    auto name = sql_name(o);
    std::string keyword = o.kind == "range type" ? "type" : o.kind;
    for (auto& ch : keyword) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (o.kind == "aggregate" && o.identity == "()") return {keyword, name + "(*)"};
    return {keyword, name + o.identity};
}

std::string render_object_reference(const Object& o) {
    auto [keyword, target] = object_target(o);
    return keyword + " " + target;
}

std::string create_object(const Object& o) {
    auto name = sql_name(o);
    if (o.kind == "aggregate") return aggregate(o, name);
    if (o.kind == "collation") return collation(o, name);
    if (o.kind == "range type") return range(o, name);
    if (o.kind.starts_with("text search")) return text_search(o, name);
    if (o.schema.empty()) return global_object(o, name);
    return schema_object(o, name);
}

std::pair<int, std::string> object_rank(const Object& o) {
    static const std::map<std::string, std::pair<int, std::string>, std::less<>> ranks{
        {"access method", {kRankAccessMethods, "Access methods"}},
        {"aggregate", {kRankAggregates, "Aggregates"}},
        {"cast", {kRankCasts, "Casts"}},
        {"collation", {kRankCollations, "Collations"}},
        {"conversion", {kRankTextSearch, "Conversions"}},
        {"event trigger", {kRankEventTriggers, "Event triggers"}},
        {"foreign data wrapper", {kRankForeign, "Foreign data"}},
        {"language", {kRankFunctions, "Procedural languages"}},
        {"transform", {kRankCasts, "Transforms"}},
        {"operator", {kRankOperators, "Operators"}},
        {"operator class", {kRankOperators, "Operator classes and families"}},
        {"operator family", {kRankOperators, "Operator classes and families"}},
        {"security label", {kRankEventTriggers, "Security labels"}},
        {"subscription", {kRankPublications, "Subscriptions"}},
        {"publication", {kRankPublications, "Publications"}},
        {"range type", {kRankTypes, "Types"}},
        {"server", {kRankForeign, "Foreign data"}},
        {"statistics", {kRankStatistics, "Extended statistics"}},
        {"user mapping", {kRankForeign, "Foreign data"}},
    };
    auto it = ranks.find(o.kind);
    return it == ranks.end() ? std::pair<int, std::string>{kRankTextSearch, "Text search"}
                             : it->second;
}

}  // namespace strata::schema::render
