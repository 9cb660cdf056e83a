// Tenant scope: SET LOCAL ROLE and transaction-local claims, and the fail-closed policy SQL.
#include "strata/session/scoped.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "strata/core/error.hpp"

namespace strata::session {

namespace {

std::string quote_ident(std::string_view name) {
    if (name.empty() || name.find('\0') != std::string_view::npos) {
        throw UsageError(fmt::format("invalid SQL identifier \"{}\"", name));
    }
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    return out + "\"";
}

}  // namespace

void apply_scope(Session& s, const Claims& claims, const ScopeOptions& options) {
    if (s.backend() != driver::Backend::postgres) {
        throw UsageError("tenant scope needs PostgreSQL row-level security; SQLite has none");
    }
    std::string role = options.role;
    if (role.empty() && options.supabase) role = "authenticated";
    // SET cannot take a parameter: the role is a quoted identifier, never a value.
    if (!role.empty()) s.execute("SET LOCAL ROLE " + quote_ident(role));

    std::vector<std::pair<std::string, std::string>> settings;
    if (options.supabase) {
        nlohmann::json jwt = nlohmann::json::object();
        if (claims.user_id) jwt["sub"] = *claims.user_id;
        if (claims.org_id) jwt["org_id"] = *claims.org_id;
        jwt["role"] = role;
        for (const auto& [k, v] : claims.extra) jwt[k] = v;
        settings.emplace_back("request.jwt.claims", jwt.dump());
        if (claims.user_id) settings.emplace_back("request.jwt.claim.sub", *claims.user_id);
    } else {
        if (claims.user_id) settings.emplace_back(options.user_key, *claims.user_id);
        if (claims.org_id) settings.emplace_back(options.org_key, *claims.org_id);
        for (const auto& kv : claims.extra) settings.push_back(kv);
    }
    if (settings.empty()) return;
    std::string sql = "SELECT ";
    std::vector<driver::Value> params;
    for (std::size_t i = 0; i < settings.size(); ++i) {
        sql += fmt::format("{}set_config(${}, ${}, true)", i ? ", " : "", 2 * i + 1, 2 * i + 2);
        params.emplace_back(settings[i].first);
        params.emplace_back(settings[i].second);
    }
    s.execute(sql, params);
}

Transaction ScopedDatabase::begin(const TransactOptions& options) {
    auto tx = db_.begin(options);
    apply_scope(tx.session(), claims_, options_);
    return tx;
}

ScopedDatabase scoped(Database db, Claims claims, ScopeOptions options) {
    return ScopedDatabase(std::move(db), std::move(claims), std::move(options));
}

std::string tenant_policy_sql(std::string_view table, std::string_view column, std::string_view key,
                              std::string_view type) {
    if (key.find_first_of(std::string_view("'\\\0", 3)) != std::string_view::npos) {
        throw UsageError(fmt::format(
            "tenant_policy_sql: the setting key {} holds a quote, backslash or NUL", key));
    }
    if (type.empty() || type.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_ ") !=
                            std::string_view::npos) {
        throw UsageError(fmt::format(
            "tenant_policy_sql: \"{}\" is not a plain type name (bigint, uuid, text)", type));
    }
    const auto t = quote_ident(table);
    const auto cond = fmt::format("{} = NULLIF(current_setting('{}', true), '')::{}",
                                  quote_ident(column), key, type);
    return fmt::format(
        "ALTER TABLE {0} ENABLE ROW LEVEL SECURITY;\n"
        "ALTER TABLE {0} FORCE ROW LEVEL SECURITY;\n"
        "CREATE POLICY {1} ON {0} USING ({2}) WITH CHECK ({2});\n",
        t, quote_ident(std::string(table) + "_tenant"), cond);
}

}  // namespace strata::session
