// rewrite_query(): numbering and naming parameters, expanding sqlc macros, reading overrides.
#include "codegen/rewrite.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "codegen/tree.hpp"
#include "strata/sql/parse_error.hpp"
#include "strata/sql/parse_tree.hpp"

namespace strata::codegen {
namespace {

using tree::Json;

// One span of the text replaced by something.
struct Edit {
    std::size_t start = 0;
    std::size_t end = 0;
    std::string replacement{};  // "$N" is filled in for parameters after numbering
    enum class What : std::uint8_t { positional, named, slice, text } what = What::text;
    std::string name{};  // named parameter
    int number = 0;      // positional parameter
    bool narg = false;
    std::string prefix{};       // slice: "= ANY(" or "<> ALL("
    int context_location = -1;  // where its column context is recorded
};

// The index just past the parenthesis that closes the first '(' at or after pos.
std::size_t closing_paren(std::string_view text, std::size_t pos) {
    pos = text.find('(', pos);
    if (pos == std::string_view::npos) throw RewriteError("expected `(`");
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = pos; i < text.size(); ++i) {
        const char ch = text[i];
        if (ch == '\'' || ch == '"') quoted = !quoted;
        if (quoted) continue;
        if (ch == '(') ++depth;
        if (ch == ')' && --depth == 0) return i + 1;
    }
    throw RewriteError("unbalanced parentheses");
}

bool is_sqlc_call(const Json& body, std::string* which) {
    const auto names = tree::names_of(tree::child(body, "funcname"));
    if (names.size() != 2 || names[0] != "sqlc") return false;
    *which = names[1];
    return true;
}

// The single argument of sqlc.arg(name) / sqlc.arg('name').
std::string macro_argument(const Json& body, const std::string& which) {
    const auto& args = tree::child(body, "args");
    if (args.size() != 1) throw RewriteError(fmt::format("sqlc.{} takes one name", which));
    const auto& a = args[0];
    if (tree::type_of(a) == "ColumnRef") {
        const auto names = tree::names_of(tree::child(tree::body_of(a), "fields"));
        if (names.size() == 1 && names[0] != "*") return names[0];
    }
    if (tree::type_of(a) == "A_Const" && tree::body_of(a).contains("sval")) {
        return tree::body_of(a)["sval"].value("sval", "");
    }
    throw RewriteError(fmt::format("sqlc.{} takes a plain name", which));
}

// Column contexts of parameter locations: compared with / assigned to / LIMIT / OFFSET.
struct Contexts {
    std::map<int, std::string> named_by{};  // location -> name
    std::map<int, std::string> assigned{};  // location -> column (INSERT values, UPDATE SET)
};

void note_param_item(const Json& item, const std::string& name, std::map<int, std::string>& to) {
    const Json& inner = tree::strip_casts(item);
    if (const int loc = tree::location_of(inner); loc >= 0) to.emplace(loc, name);
}

Contexts read_contexts(const Json& node) {
    Contexts c{};
    tree::for_each_node(node, [&](const std::string& type, const Json& body, const Json&) {
        if (type == "A_Expr") {
            const auto& l = tree::child(body, "lexpr");
            const auto& r = tree::child(body, "rexpr");
            const std::string lc = tree::column_name(tree::strip_casts(l));
            const std::string rc = tree::column_name(tree::strip_casts(r));
            if (!lc.empty() && !r.is_null()) {
                if (tree::type_of(r) == "List") {
                    for (const auto& item : tree::child(tree::body_of(r), "items"))
                        note_param_item(item, lc, c.named_by);
                } else {
                    note_param_item(r, lc, c.named_by);
                }
            }
            if (!rc.empty() && !l.is_null()) note_param_item(l, rc, c.named_by);
        } else if (type == "InsertStmt") {
            std::vector<std::string> cols;
            for (const auto& t : tree::child(body, "cols"))
                cols.push_back(tree::body_of(t).value("name", ""));
            const auto& sel = tree::body_of(tree::child(body, "selectStmt"));
            for (const auto& list : tree::child(sel, "valuesLists")) {
                const auto& items = tree::child(tree::body_of(list), "items");
                for (std::size_t i = 0; i < items.size() && i < cols.size(); ++i) {
                    note_param_item(items[i], cols[i], c.named_by);
                    note_param_item(items[i], cols[i], c.assigned);
                }
            }
        } else if (type == "UpdateStmt" || type == "OnConflictClause") {
            for (const auto& t : tree::child(body, "targetList")) {
                const auto& rt = tree::body_of(t);
                if (!rt.contains("val")) continue;
                note_param_item(rt["val"], rt.value("name", ""), c.named_by);
                if (type == "UpdateStmt")
                    note_param_item(rt["val"], rt.value("name", ""), c.assigned);
            }
        } else if (type == "SelectStmt") {
            if (body.contains("limitCount"))
                note_param_item(body["limitCount"], "limit", c.named_by);
            if (body.contains("limitOffset"))
                note_param_item(body["limitOffset"], "offset", c.named_by);
        }
    });
    return c;
}

// The target list of the statement's result: SELECT (left-most of a set operation) or
// RETURNING.
// A set operation's columns are its leftmost arm's; `larg` is an unwrapped SelectStmt body.
const Json* select_targets(const Json& select_body) {
    const Json* body = &select_body;
    while (body->contains("larg")) body = &(*body)["larg"];
    return body->contains("targetList") ? &(*body)["targetList"] : nullptr;
}

const Json* result_targets(const Json& node) {
    const std::string type = tree::type_of(node);
    const Json& body = tree::body_of(node);
    if (type == "SelectStmt") return select_targets(body);
    if (body.contains("returningList")) return &body["returningList"];
    return nullptr;
}

// `name!`, `name?`, `name: Type`, `name!: Type` -> clean name and override.
std::pair<std::string, ColumnOverride> read_override(const std::string& alias) {
    ColumnOverride o{};
    std::string name = alias;
    if (const auto colon = name.find(':'); colon != std::string::npos) {
        o.cpp_type = name.substr(colon + 1);
        o.cpp_type.erase(0, o.cpp_type.find_first_not_of(' '));
        o.cpp_type.erase(o.cpp_type.find_last_not_of(' ') + 1);
        name.erase(colon);
        name.erase(name.find_last_not_of(' ') + 1);
        if (o.cpp_type.empty()) throw RewriteError(fmt::format("empty type in `{}`", alias));
    }
    if (!name.empty() && name.back() == '!') {
        o.not_null = true;
        name.pop_back();
    } else if (!name.empty() && name.back() == '?') {
        o.nullable = true;
        name.pop_back();
    }
    return {name, o};
}

void collect_targets(std::string_view text, const Json& node, QuerySource& q,
                     std::vector<Edit>& edits, std::set<int>& embed_calls) {
    const Json* targets = result_targets(node);
    if (targets == nullptr) return;
    for (std::size_t i = 0; i < targets->size(); ++i) {
        const auto& rt = tree::body_of((*targets)[i]);
        const auto& val = tree::child(rt, "val");
        std::string which;
        if (tree::type_of(val) == "FuncCall" && is_sqlc_call(tree::body_of(val), &which) &&
            which == "embed") {
            const auto& fb = tree::body_of(val);
            const std::string table = macro_argument(fb, which);
            const auto start = static_cast<std::size_t>(tree::location_of(val));
            edits.push_back(
                {.start = start, .end = closing_paren(text, start), .replacement = table + ".*"});
            q.embeds.push_back({.table = table, .position = i});
            embed_calls.insert(tree::location_of(val));
            continue;
        }
        const std::string alias = rt.value("name", "");
        if (alias.find_first_of("!?:") == std::string::npos) continue;
        auto [clean, o] = read_override(alias);
        const std::string quoted = "\"" + alias + "\"";
        const auto from = static_cast<std::size_t>(std::max(0, rt.value("location", 0)));
        const auto at = text.find(quoted, from);
        if (at == std::string_view::npos) {
            throw RewriteError(fmt::format("override alias `{}` must be double-quoted", alias));
        }
        edits.push_back(
            {.start = at, .end = at + quoted.size(), .replacement = "\"" + clean + "\""});
        q.overrides[clean] = o;
    }
}

void collect_params(std::string_view text, const Json& node, std::vector<Edit>& edits,
                    const std::set<int>& embed_calls) {
    std::set<int> slice_calls{};
    tree::for_each_node(node, [&](const std::string& type, const Json& body, const Json&) {
        if (type != "A_Expr" || body.value("kind", "") != "AEXPR_IN") return;
        const auto& items = tree::child(tree::body_of(tree::child(body, "rexpr")), "items");
        std::string which;
        for (const auto& item : items) {
            if (tree::type_of(item) != "FuncCall" || !is_sqlc_call(tree::body_of(item), &which) ||
                which != "slice") {
                continue;
            }
            if (items.size() != 1) {
                throw RewriteError("sqlc.slice must be the only item of its IN list");
            }
            const auto start = static_cast<std::size_t>(body.value("location", 0));
            const bool negated =
                tree::names_of(tree::child(body, "name")) == std::vector<std::string>{"<>"};
            edits.push_back({.start = start,
                             .end = closing_paren(text, start),
                             .what = Edit::What::slice,
                             .name = macro_argument(tree::body_of(item), which),
                             .prefix = negated ? "<> ALL(" : "= ANY(",
                             .context_location = tree::location_of(item)});
            slice_calls.insert(tree::location_of(item));
        }
    });
    tree::for_each_node(node, [&](const std::string& type, const Json& body, const Json& whole) {
        const int loc = body.value("location", -1);
        if (type == "ParamRef") {
            const auto start = static_cast<std::size_t>(loc);
            auto end = start + 1;
            while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
            edits.push_back({.start = start,
                             .end = end,
                             .what = Edit::What::positional,
                             .number = body.value("number", 0),
                             .context_location = loc});
            return;
        }
        std::string which;
        if (type == "FuncCall" && is_sqlc_call(body, &which)) {
            if (which == "embed") {
                if (!embed_calls.contains(loc))
                    throw RewriteError("sqlc.embed belongs in the select list, alone");
                return;
            }
            if (which == "slice") {
                if (!slice_calls.contains(loc))
                    throw RewriteError("sqlc.slice belongs in `column IN (sqlc.slice(name))`");
                return;
            }
            if (which != "arg" && which != "narg") {
                throw RewriteError(
                    fmt::format("unknown macro sqlc.{} (expected arg, narg, slice, embed)", which));
            }
            const auto start = static_cast<std::size_t>(loc);
            edits.push_back({.start = start,
                             .end = closing_paren(text, start),
                             .what = Edit::What::named,
                             .name = macro_argument(body, which),
                             .narg = which == "narg",
                             .context_location = loc});
            return;
        }
        if (type == "A_Expr" && !body.contains("lexpr") &&
            tree::names_of(tree::child(body, "name")) == std::vector<std::string>{"@"}) {
            // `@name` binds looser than `::` and arithmetic: the name is the leftmost operand.
            const Json* operand = &tree::child(body, "rexpr");
            while (tree::type_of(*operand) == "TypeCast" ||
                   (tree::type_of(*operand) == "A_Expr" &&
                    tree::body_of(*operand).contains("lexpr"))) {
                operand = &tree::child(tree::body_of(*operand),
                                       tree::type_of(*operand) == "TypeCast" ? "arg" : "lexpr");
            }
            const std::string name = tree::column_name(*operand);
            const auto& fields = tree::child(tree::body_of(*operand), "fields");
            if (name.empty() || fields.size() != 1) {
                throw RewriteError("`@` must be followed by a name");
            }
            const auto start = static_cast<std::size_t>(loc);
            auto end = static_cast<std::size_t>(tree::location_of(*operand)) + name.size();
            edits.push_back({.start = start,
                             .end = end,
                             .what = Edit::What::named,
                             .name = name,
                             .context_location = loc});
        }
        (void)whole;
    });
}

// Numbers named parameters by first appearance, names positional ones from their context.
void number_params(std::vector<Edit>& edits, const Contexts& contexts, QuerySource& q) {
    bool positional = false;
    bool named = false;
    for (const auto& e : edits) {
        positional = positional || e.what == Edit::What::positional;
        named = named || e.what == Edit::What::named || e.what == Edit::What::slice;
    }
    if (positional && named) {
        throw RewriteError("positional ($1) and named (@name, sqlc.arg) parameters are mixed");
    }
    auto context_of = [&](const Edit& e, const std::map<int, std::string>& m) {
        const auto it = m.find(e.context_location);
        return it == m.end() ? std::string() : it->second;
    };
    std::map<int, ParamSource> by_number{};
    std::map<std::string, int> number_of{};
    for (auto& e : edits) {
        if (e.what == Edit::What::text) continue;
        if (e.what == Edit::What::positional) {
            auto& p = by_number[e.number];
            p.number = e.number;
            if (p.name.empty()) p.name = context_of(e, contexts.named_by);
            if (p.assigned_column.empty()) p.assigned_column = context_of(e, contexts.assigned);
            e.replacement = fmt::format("${}", e.number);
            continue;
        }
        auto [it, inserted] = number_of.emplace(e.name, static_cast<int>(number_of.size()) + 1);
        auto& p = by_number[it->second];
        if (inserted) {
            p.name = e.name;
            p.number = it->second;
        } else if (p.slice != (e.what == Edit::What::slice)) {
            throw RewriteError(
                fmt::format("parameter `{}` is used both as a slice and not", e.name));
        }
        p.narg = p.narg || e.narg;
        p.slice = e.what == Edit::What::slice;
        if (p.assigned_column.empty()) p.assigned_column = context_of(e, contexts.assigned);
        e.replacement = e.what == Edit::What::slice ? fmt::format("{}${})", e.prefix, it->second)
                                                    : fmt::format("${}", it->second);
    }
    std::set<std::string> used{};
    for (auto& [number, p] : by_number) {
        if (p.name.empty()) p.name = fmt::format("p{}", number);
        if (positional) {
            std::string base = p.name;
            for (int k = 2; used.contains(p.name); ++k) p.name = fmt::format("{}_{}", base, k);
        }
        used.insert(p.name);
        q.params.push_back(p);
    }
}

}  // namespace

void rewrite_query(std::string_view text, const nlohmann::json& node, QuerySource& q) {
    std::vector<Edit> edits{};
    std::set<int> embed_calls{};
    collect_targets(text, node, q, edits, embed_calls);
    collect_params(text, node, edits, embed_calls);
    std::sort(edits.begin(), edits.end(),
              [](const Edit& a, const Edit& b) { return a.start < b.start; });
    // A ParamRef or macro inside a slice's IN list is replaced with it.
    std::vector<Edit> kept{};
    for (auto& e : edits) {
        if (!kept.empty() && e.start < kept.back().end) {
            if (kept.back().what == Edit::What::slice) continue;
            throw RewriteError("overlapping macros");
        }
        kept.push_back(std::move(e));
    }
    number_params(kept, read_contexts(node), q);
    std::string out(text);
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
        out.replace(it->start, it->end - it->start, it->replacement);
    }
    q.sql = out;
    try {
        auto parsed = sql::parse(q.sql);
        q.tree = parsed.statements().at(0).node;
    } catch (const sql::ParseError& e) {
        throw RewriteError(
            fmt::format("the rewritten query does not parse ({}): {}", e.message(), q.sql));
    }
}

}  // namespace strata::codegen
