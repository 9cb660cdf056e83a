// ScopedDatabase: transactions that run as one tenant (SET LOCAL ROLE + transaction-local claims).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/session/database.hpp"

namespace strata::session {

/// Who the transaction acts for. Take these from the verified identity (the token), never from
/// the request payload. An absent claim is set to '' (transaction-locally, like every claim), so
/// fail-closed policies (NULLIF(current_setting(key, true), '')) see NULL, whatever value a
/// session-level SET may have left on the connection.
struct Claims {
    std::optional<std::string> user_id{};
    std::optional<std::string> org_id{};
    /// More settings: (key, value), e.g. {"app.role", "admin"}.
    std::vector<std::pair<std::string, std::string>> extra{};
};

/// How claims become settings.
struct ScopeOptions {
    /// SET LOCAL ROLE to this role first (a role without BYPASSRLS, so policies apply even when
    /// the pool connects as the table owner). Empty: keep the connecting role.
    std::string role;
    std::string user_key = "app.user_id";
    std::string org_key = "app.org_id";
    /// Further keys your policies read (e.g. "app.role"): set to '' in every scoped transaction
    /// unless Claims::extra gives them a value.
    std::vector<std::string> claim_keys{};
    /// Supabase mode: role `authenticated` (unless role is set) and one setting
    /// `request.jwt.claims` = {"sub": user_id, "org_id": org_id, "role": ..., extra...}, which
    /// auth.uid() and auth.jwt() read.
    bool supabase = false;
};

/// Runs, in session s's current transaction and in one statement, set_config(key, value, true)
/// for the role (SET LOCAL ROLE; `none` when no role is configured) and for every configured
/// claim key (user_key, org_key, claim_keys, the Supabase keys), '' for an absent claim.
/// Everything is transaction-local: it ends with the transaction, so a pooled connection (or
/// PgBouncer in transaction mode) never carries one tenant's identity into another's
/// transaction, and nothing left at session level on the connection stands in for a claim.
/// Right after a transaction began (its BEGIN still waiting for the first statement, see
/// driver::Connection::defer) that statement waits too: BEGIN, the settings and the first
/// statement of fn go to the server in one round trip, and a failing setting (a role that does
/// not exist) is thrown there, naming the set_config statement.
/// Throws UsageError on SQLite (no row-level security).
void apply_scope(Session& s, const Claims& claims, const ScopeOptions& options = {});

/// The (key, value) pairs apply_scope sets, in order, the role first (key "role").
[[nodiscard]] std::vector<std::pair<std::string, std::string>> scope_settings(
    const Claims& claims, const ScopeOptions& options = {});

/// A Database whose transactions start with apply_scope(claims). Cheap to copy; the plain
/// Database stays the admin handle.
///
///     auto as_user = strata::scoped(db, {.user_id = uid, .org_id = oid}, {.role = "app_user"});
///     as_user.transact([&](Session& s) { TodoRepository{s}.find(); });   // only oid's rows
///
/// Thread-safety: every member is thread-safe (like Database).
class ScopedDatabase {
public:
    ScopedDatabase(Database db, Claims claims, ScopeOptions options)
        : db_(std::move(db)), claims_(std::move(claims)), options_(std::move(options)) {}

    /// Database::transact with the scope applied right after BEGIN (on every retry too).
    template <class Fn>
    auto transact(const TransactOptions& options, Fn&& fn) -> std::invoke_result_t<Fn&, Session&> {
        return db_.transact(options, [&](Session& s) {
            apply_scope(s, claims_, options_);
            return fn(s);
        });
    }
    template <class Fn>
    auto transact(Fn&& fn) -> std::invoke_result_t<Fn&, Session&> {
        return transact(TransactOptions{}, std::forward<Fn>(fn));
    }
    /// Database::begin with the scope applied.
    [[nodiscard]] Transaction begin(const TransactOptions& options = {});

    [[nodiscard]] const Claims& claims() const { return claims_; }
    [[nodiscard]] const ScopeOptions& options() const { return options_; }
    [[nodiscard]] Database& database() { return db_; }

private:
    Database db_;
    Claims claims_;
    ScopeOptions options_;
};

/// db restricted to one tenant's rows.
[[nodiscard]] ScopedDatabase scoped(Database db, Claims claims, ScopeOptions options = {});

/// SQL that turns on row-level security for table and adds a fail-closed policy: rows are
/// visible and writable only when column equals the claim `key` cast to type. An unset or
/// empty claim compares with NULL, so it matches nothing. FORCE makes it apply to the table
/// owner too. Example: tenant_policy_sql("todos", "org_id", "app.org_id", "bigint").
/// table may be schema-qualified ("app.orders": a dot separates schema and table, each quoted
/// on its own; the policy is named after the table, "orders_tenant", through fit_identifier).
/// Identifiers are quoted; key becomes a literal (it must not hold a quote or NUL). Throws
/// UsageError for a table name with an empty part or more than one dot, an odd key or a type that
/// is not a plain name.
[[nodiscard]] std::string tenant_policy_sql(std::string_view table, std::string_view column,
                                            std::string_view key, std::string_view type);

}  // namespace strata::session

namespace strata {
using session::Claims;
using session::scoped;
using session::ScopedDatabase;
using session::ScopeOptions;
}  // namespace strata
