// Turning libpq failures into strata errors: SqlErrorInfo from a PGresult, ConnectionError.
#pragma once

#include <libpq-fe.h>

#include <source_location>
#include <string_view>

#include "strata/core/error.hpp"

namespace strata::driver::pg {

/// Every diagnostic field of a failed PGresult, plus the query and call site.
SqlErrorInfo error_info(const PGresult* result, std::string_view query,
                        const std::source_location& where);

/// Appends to info.hint what to do when a 42P05/26000 names one of strata's own prepared
/// statements (a transaction-mode pooler in front of the server: set prepare=off).
void add_pooler_hint(SqlErrorInfo& info);

/// Throws the error a failed result stands for: ConnectionError when the connection is gone
/// (CONNECTION_BAD), else the SqlError subclass for its SQLSTATE. Messages are redacted.
[[noreturn]] void throw_result_error(PGconn* conn, const PGresult* result, std::string_view query,
                                     const std::source_location& where);

/// ConnectionError carrying libpq's message for conn, redacted, prefixed by what.
[[noreturn]] void throw_connection_error(PGconn* conn, std::string_view what);

}  // namespace strata::driver::pg
