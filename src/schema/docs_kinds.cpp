// The docs' per-schema pages of other object kinds: types (enums, domains, composite types),
// functions and procedures, triggers, and row-level security policies.
#include <fmt/format.h>

#include "schema/docs_pages.hpp"

namespace strata::schema::docs_detail {
namespace {

/// Objects of one kind in one schema, by pointer, in catalog order.
template <class T>
std::vector<const T*> in_schema(const std::vector<T>& all, const std::string& schema) {
    std::vector<const T*> out;
    for (const auto& x : all) {
        if (x.schema == schema) out.push_back(&x);
    }
    return out;
}

std::string kind_header(std::string_view what, const std::string& schema) {
    return fmt::format("# {} in schema `{}`\n\n[Index](../index.md)\n", what, schema);
}

std::string types_page(const Catalog& cat, const std::string& schema) {
    std::string out = kind_header("Types", schema);
    if (auto enums = in_schema(cat.enums, schema); !enums.empty()) {
        out += "\n## Enums\n\n| Enum | Labels | Description |\n| --- | --- | --- |\n";
        for (const auto* e : enums) {
            std::vector<std::string> labels;
            labels.reserve(e->labels.size());
            for (const auto& l : e->labels) labels.push_back(md_code(l));
            out += fmt::format("| {} | {} | {} |\n", md_code(e->name), fmt::join(labels, ", "),
                               md_cell(e->comment.value_or("")));
        }
    }
    if (auto domains = in_schema(cat.domains, schema); !domains.empty()) {
        out +=
            "\n## Domains\n\n| Domain | Base type | Nullable | Default | Checks | Description |\n"
            "| --- | --- | --- | --- | --- | --- |\n";
        for (const auto* d : domains) {
            std::vector<std::string> checks;
            checks.reserve(d->checks.size());
            for (const auto& c : d->checks) checks.push_back(md_code(c.expression));
            out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", md_code(d->name),
                               md_code(d->base_type), d->not_null ? "no" : "yes",
                               md_code(d->default_expr.value_or("")), fmt::join(checks, "<br>"),
                               md_cell(d->comment.value_or("")));
        }
    }
    if (auto composites = in_schema(cat.composites, schema); !composites.empty()) {
        out += "\n## Composite types\n\n| Type | Attributes | Description |\n| --- | --- | --- |\n";
        for (const auto* c : composites) {
            std::vector<std::string> attrs;
            attrs.reserve(c->attributes.size());
            for (const auto& a : c->attributes) attrs.push_back(md_code(a.name + " " + a.type));
            out += fmt::format("| {} | {} | {} |\n", md_code(c->name), fmt::join(attrs, "<br>"),
                               md_cell(c->comment.value_or("")));
        }
    }
    return out;
}

std::string functions_page(const DocsIndex& ix, const std::string& schema) {
    std::string out = kind_header("Functions", schema);
    out +=
        "\n| Function | Returns | Language | Volatility | Security | Description |\n"
        "| --- | --- | --- | --- | --- | --- |\n";
    auto functions = in_schema(ix.catalog().functions, schema);
    for (const auto* f : functions) {
        out += fmt::format("| {} | {} | {} | {} | {} | {} |\n",
                           md_code(f->name + "(" + f->identity_arguments + ")"),
                           f->procedure ? "procedure" : md_code(f->result), f->language,
                           f->volatility, f->security_definer ? "definer" : "invoker",
                           md_cell(md_first_line(f->comment.value_or(""))));
    }
    for (const auto* f : functions) {
        out += fmt::format("\n## {}({})\n\n", f->name, f->identity_arguments);
        if (f->comment && !f->comment->empty()) out += *f->comment + "\n\n";
        auto callers = ix.triggers_calling(f->schema + "." + f->name);
        if (!callers.empty()) {
            std::vector<std::string> items;
            items.reserve(callers.size());
            for (const auto& [t, tr] : callers) {
                items.push_back(fmt::format("[{}](../{}) ({})", t->qualified(),
                                            relation_page(t->qualified()), md_code(tr->name)));
            }
            out += fmt::format("Called by the triggers of {}.\n\n", fmt::join(items, ", "));
        }
        const std::string& definition = f->definition.empty() ? f->body : f->definition;
        out += "```sql\n" + definition;
        if (!definition.ends_with('\n')) out += '\n';
        out += "```\n";
    }
    return out;
}

std::string triggers_page(const DocsIndex& ix, const std::string& schema) {
    std::string out = kind_header("Triggers", schema);
    out +=
        "\n| Table | Trigger | Function | Enabled | Definition |\n| --- | --- | --- | --- | --- "
        "|\n";
    for (const auto* t : in_schema(ix.catalog().tables, schema)) {
        for (const auto& tr : t->triggers) {
            auto dot = tr.function.find('.');
            auto function = ix.has_function(tr.function)
                                ? fmt::format("[{}](../functions/{}.md)", tr.function,
                                              tr.function.substr(0, dot))
                                : md_code(tr.function);
            out += fmt::format("| [{}](../{}) | {} | {} | {} | {} |\n", t->name,
                               relation_page(t->qualified()), md_code(tr.name), function,
                               tr.enabled == "D" ? "no" : "yes", md_code(tr.definition));
        }
    }
    return out;
}

std::string policies_page(const DocsIndex& ix, const std::string& schema) {
    std::string out = kind_header("Row-level security", schema);
    out +=
        "\n| Table | Row-level security | Policy | Command | Roles | Using | With check |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n";
    for (const auto* t : in_schema(ix.catalog().tables, schema)) {
        if (!t->rls_enabled && t->policies.empty()) continue;
        const std::string rls = !t->rls_enabled ? "off (policies unused)"
                                : t->rls_forced ? "forced"
                                                : "on";
        if (t->policies.empty()) {
            out += fmt::format("| [{}](../{}) | {} | (none: no row is visible) |  |  |  |  |\n",
                               t->name, relation_page(t->qualified()), rls);
        }
        for (const auto& p : t->policies) {
            out +=
                fmt::format("| [{}](../{}) | {} | {} | {}{} | {} | {} | {} |\n", t->name,
                            relation_page(t->qualified()), rls, md_code(p.name), p.command,
                            p.permissive ? "" : " (restrictive)", fmt::join(p.roles, ", "),
                            md_code(p.using_expr.value_or("")), md_code(p.with_check.value_or("")));
        }
    }
    return out;
}

struct KindCounts {
    std::size_t types = 0;
    std::size_t functions = 0;
    std::size_t triggers = 0;
    std::size_t policies = 0;
};

KindCounts count_kinds(const Catalog& cat, const std::string& schema) {
    KindCounts k;
    k.types = in_schema(cat.enums, schema).size() + in_schema(cat.domains, schema).size() +
              in_schema(cat.composites, schema).size();
    k.functions = in_schema(cat.functions, schema).size();
    for (const auto* t : in_schema(cat.tables, schema)) {
        k.triggers += t->triggers.size();
        if (t->rls_enabled || !t->policies.empty()) k.policies += t->policies.size() + 1;
    }
    return k;
}

}  // namespace

std::string kind_links(const DocsIndex& ix, const std::string& schema) {
    auto k = count_kinds(ix.catalog(), schema);
    std::vector<std::string> links;
    if (k.types) links.push_back(fmt::format("[types](types/{}.md) ({})", schema, k.types));
    if (k.functions)
        links.push_back(fmt::format("[functions](functions/{}.md) ({})", schema, k.functions));
    if (k.triggers)
        links.push_back(fmt::format("[triggers](triggers/{}.md) ({})", schema, k.triggers));
    if (k.policies) links.push_back(fmt::format("[row-level security](policies/{}.md)", schema));
    return links.empty() ? "" : fmt::format("Also: {}", fmt::join(links, " · "));
}

void kind_pages(const DocsIndex& ix, std::vector<DocsFile>& files) {
    const Catalog& cat = ix.catalog();
    for (const auto& s : cat.schemas) {
        auto k = count_kinds(cat, s.name);
        if (k.types) files.push_back({"types/" + s.name + ".md", types_page(cat, s.name)});
        if (k.functions)
            files.push_back({"functions/" + s.name + ".md", functions_page(ix, s.name)});
        if (k.triggers) files.push_back({"triggers/" + s.name + ".md", triggers_page(ix, s.name)});
        if (k.policies) files.push_back({"policies/" + s.name + ".md", policies_page(ix, s.name)});
    }
}

}  // namespace strata::schema::docs_detail
