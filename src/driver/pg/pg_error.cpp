// Error mapping from libpq results to the strata error tree.
#include "driver/pg/pg_error.hpp"

#include <fmt/format.h>

#include <charconv>

#include "strata/core/log.hpp"

namespace strata::driver::pg {

namespace {
std::string field(const PGresult* r, int code) {
    const char* v = r ? PQresultErrorField(r, code) : nullptr;
    return v ? log::redact(v) : std::string();
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}
}  // namespace

SqlErrorInfo error_info(const PGresult* result, std::string_view query,
                        const std::source_location& where) {
    SqlErrorInfo info;
    info.sqlstate = field(result, PG_DIAG_SQLSTATE);
    info.severity = field(result, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (info.severity.empty()) info.severity = field(result, PG_DIAG_SEVERITY);
    info.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
    if (info.message.empty() && result)
        info.message = trimmed(log::redact(PQresultErrorMessage(result)));
    info.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
    info.hint = field(result, PG_DIAG_MESSAGE_HINT);
    info.schema = field(result, PG_DIAG_SCHEMA_NAME);
    info.table = field(result, PG_DIAG_TABLE_NAME);
    info.column = field(result, PG_DIAG_COLUMN_NAME);
    info.constraint = field(result, PG_DIAG_CONSTRAINT_NAME);
    info.datatype = field(result, PG_DIAG_DATATYPE_NAME);
    info.query = std::string(query);
    const std::string pos = field(result, PG_DIAG_STATEMENT_POSITION);
    int p = 0;
    if (!pos.empty() && std::from_chars(pos.data(), pos.data() + pos.size(), p).ec == std::errc()) {
        info.position = p;
    }
    info.location = where;
    return info;
}

void throw_connection_error(PGconn* conn, std::string_view what) {
    const char* msg = conn ? PQerrorMessage(conn) : "out of memory";
    throw ConnectionError(log::redact(fmt::format("{}: {}", what, trimmed(msg ? msg : ""))));
}

void add_pooler_hint(SqlErrorInfo& info) {
    // strata names its statements s_1, s_2, ... per connection. "s_1 already exists" (42P05) or
    // "s_3 does not exist" (26000) on a statement strata prepared itself means the session
    // is not its own: a transaction-mode pooler handed it another client's server connection.
    if ((info.sqlstate != "42P05" && info.sqlstate != "26000") ||
        info.message.find("prepared statement \"s_") == std::string::npos) {
        return;
    }
    info.hint += fmt::format(
        "{}strata's named prepared statements need a session of their own; behind a "
        "transaction-mode pooler (PgBouncer, Supabase/Neon poolers) set prepare=off "
        "(?prepare=off in the URL, DB_PREPARE=false, or prepare = false in strata.toml)",
        info.hint.empty() ? "" : " ");
}

void throw_result_error(PGconn* conn, const PGresult* result, std::string_view query,
                        const std::source_location& where) {
    if (PQstatus(conn) == CONNECTION_BAD) {
        const std::string server = field(result, PG_DIAG_MESSAGE_PRIMARY);
        throw_connection_error(
            conn, fmt::format("the connection to PostgreSQL was lost running `{}`{}", query,
                              server.empty() ? std::string() : " (" + server + ")"));
    }
    SqlErrorInfo info = error_info(result, query, where);
    add_pooler_hint(info);
    if (info.sqlstate.empty()) {
        throw Error(log::redact(
            fmt::format("PostgreSQL client error running `{}`: {}", query, info.message)));
    }
    throw_sql_error(std::move(info));
}

}  // namespace strata::driver::pg
