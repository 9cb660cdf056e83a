// Reusing a test's clone: the state a test could change, read before and after the test.
#include "testing/clone_reuse.hpp"

#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/sql/quote.hpp"
#include "testing/admin_pool.hpp"
#include "testing/pg_admin.hpp"

namespace strata::testing::detail {

std::string clone_server_state(AdminConnection& admin, const std::string& name) {
    // Counters of shared catalogs (pg_database, pg_db_role_setting, pg_shdescription) are kept
    // under database 0, so the database-level objects are compared by value.
    return admin
        .query_value(fmt::format(
            "SELECT format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', "
            "pg_stat_get_db_tuples_inserted(d.oid), pg_stat_get_db_tuples_updated(d.oid), "
            "pg_stat_get_db_tuples_deleted(d.oid), pg_stat_get_db_stat_reset_time(d.oid), "
            "d.datdba, d.datconnlimit, d.datallowconn, d.datacl, "
            "(SELECT array_agg(s.setrole::text || ':' || s.setconfig::text ORDER BY s.setrole) "
            "FROM pg_db_role_setting s WHERE s.setdatabase = d.oid), "
            "(SELECT c.description FROM pg_shdescription c "
            "WHERE c.objoid = d.oid AND c.classoid = 'pg_database'::regclass), "
            "(SELECT count(*) FROM pg_prepared_xacts p WHERE p.database = d.datname), "
            "(SELECT count(*) FROM pg_replication_slots r WHERE r.database = d.datname), "
            "current_setting('track_counts')) "
            "FROM pg_database d WHERE d.datname = {}",
            sql::quote_literal(name)))
        .value_or("");
}

namespace {
constexpr const char* kSequenceStateSql =
    "SELECT coalesce(string_agg(format('%I.%I=%s', schemaname, sequencename, last_value), ',' "
    "ORDER BY schemaname, sequencename), '') FROM pg_sequences";
}  // namespace

std::string clone_sequence_on(driver::Connection& conn) {
    return conn.query(kSequenceStateSql).scalar<std::string>();
}

std::string clone_sequence_state(session::Database& database) {
    auto lease = database.acquire();
    return clone_sequence_on(*lease);
}

CloneState read_clone_state(const std::string& admin_url, const std::string& name,
                            session::Database& database) {
    CloneState state;
    {
        auto conn = admin_lease(admin_url);
        state.server = clone_server_state(*conn, name);
    }
    state.sequences = clone_sequence_state(database);
    return state;
}

bool clone_reuse_enabled(std::optional<bool> configured) {
    if (configured) return *configured;
    const char* env = std::getenv("STRATA_TEST_REUSE_CLONES");
    if (env == nullptr || *env == '\0') return true;
    const std::string_view value(env);
    if (value == "0") return false;
    if (value == "1") return true;
    throw UsageError(fmt::format(
        "STRATA_TEST_REUSE_CLONES={}: expected 1 (reuse the clones of tests that changed "
        "nothing) or 0 (drop every clone)",
        env));
}

}  // namespace strata::testing::detail
