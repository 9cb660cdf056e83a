// Tenant scope: SET LOCAL ROLE and transaction-local claims, and the fail-closed policy SQL.
#include "strata/session/scoped.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "strata/core/error.hpp"
#include "strata/core/quote.hpp"

namespace strata::session {

std::vector<std::pair<std::string, std::string>> scope_settings(const Claims& claims,
                                                                const ScopeOptions& options) {
    std::string role = options.role;
    if (role.empty() && options.supabase) role = "authenticated";
    // The role is a setting like the claims (set_config('role', ..., true) is SET LOCAL ROLE):
    // "none" when no role is configured, so a role left on the connection (a session-level SET
    // ROLE, another client's behind a pooler) never carries into this transaction.
    std::vector<std::pair<std::string, std::string>> settings{
        {"role", role.empty() ? "none" : role}};
    // Every configured key is set, to '' when its claim is absent: a value planted at session
    // level on this connection must never stand in for a missing claim.
    auto set = [&](const std::string& key, const std::optional<std::string>& value) {
        settings.emplace_back(key, value.value_or(""));
    };
    if (options.supabase) {
        nlohmann::json jwt = nlohmann::json::object();
        if (claims.user_id) jwt["sub"] = *claims.user_id;
        if (claims.org_id) jwt["org_id"] = *claims.org_id;
        jwt["role"] = role;
        for (const auto& [k, v] : claims.extra) jwt[k] = v;
        settings.emplace_back("request.jwt.claims", jwt.dump());
        set("request.jwt.claim.sub", claims.user_id);
    } else {
        set(options.user_key, claims.user_id);
        set(options.org_key, claims.org_id);
        for (const auto& kv : claims.extra) settings.push_back(kv);
    }
    for (const auto& key : options.claim_keys) {
        const bool given = std::any_of(settings.begin(), settings.end(),
                                       [&](const auto& kv) { return kv.first == key; });
        if (!given) settings.emplace_back(key, "");
    }
    return settings;
}

void apply_scope(Session& s, const Claims& claims, const ScopeOptions& options) {
    if (s.backend() != driver::Backend::postgres) {
        throw UsageError("tenant scope needs PostgreSQL row-level security; SQLite has none");
    }
    const auto settings = scope_settings(claims, options);
    // One statement: the role first (set_config checks it like SET ROLE), then every claim.
    // Right after a BEGIN that waits for the first statement it waits too, and goes out in
    // the same round trip as BEGIN and that statement.
    std::string sql = "SELECT ";
    std::vector<driver::Value> params;
    for (std::size_t i = 0; i < settings.size(); ++i) {
        sql += fmt::format("{}set_config(${}, ${}, true)", i ? ", " : "", 2 * i + 1, 2 * i + 2);
        params.emplace_back(settings[i].first);
        params.emplace_back(settings[i].second);
    }
    if (s.has_deferred()) {
        s.defer({std::move(sql), std::move(params)});
        return;
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
    // "app.orders": the table orders of schema app, each part quoted; the policy belongs to the
    // table, so its name is the table's without the schema ("orders_tenant"), fitted to 63 bytes.
    const auto dot = table.find('.');
    const auto name = dot == std::string_view::npos ? table : table.substr(dot + 1);
    if (name.empty() || dot == 0 || name.find('.') != std::string_view::npos) {
        throw UsageError(fmt::format(
            "tenant_policy_sql: \"{}\" is not a table name or schema.table (one dot at most, "
            "both parts non-empty)",
            table));
    }
    const auto t = dot == std::string_view::npos
                       ? quote_identifier(name)
                       : quote_identifier(table.substr(0, dot)) + "." + quote_identifier(name);
    const auto cond = fmt::format("{} = NULLIF(current_setting('{}', true), '')::{}",
                                  quote_identifier(column), key, type);
    return fmt::format(
        "ALTER TABLE {0} ENABLE ROW LEVEL SECURITY;\n"
        "ALTER TABLE {0} FORCE ROW LEVEL SECURITY;\n"
        "CREATE POLICY {1} ON {0} USING ({2}) WITH CHECK ({2});\n",
        t, quote_identifier(fit_identifier(std::string(name) + "_tenant")), cond);
}

}  // namespace strata::session
