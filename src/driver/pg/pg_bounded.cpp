// PgConnection::run_within: a simple-protocol script whose wait for the server is bounded.
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <string>

#include "driver/pg/pg_connection.hpp"

namespace strata::driver::pg {
namespace {

/// Waits until the socket is readable or deadline passes; false on timeout or error.
bool pg_wait_readable(PGconn* conn, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd fd{PQsocket(conn), POLLIN, 0};
        const int n = ::poll(&fd, 1, static_cast<int>(std::min<long long>(left.count(), 60'000)));
        if (n > 0) return true;
        if (n < 0 && errno != EINTR) return false;
    }
}

}  // namespace

bool PgConnection::run_within(std::string_view sql, std::chrono::milliseconds timeout) {
    if (broken_ || PQstatus(conn_) == CONNECTION_BAD) return false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::string text(sql);
    if (PQsendQuery(conn_, text.c_str()) == 0) {
        mark_if_bad();
        return false;
    }
    bool ok = true;
    for (;;) {
        while (PQisBusy(conn_) != 0) {
            if (!pg_wait_readable(conn_, deadline) || PQconsumeInput(conn_) == 0) {
                // No answer in time (a stopped or unreachable server): a query is outstanding,
                // so the connection cannot be used again.
                broken_ = true;
                return false;
            }
        }
        PGresult* r = PQgetResult(conn_);
        if (r == nullptr) break;
        const auto status = PQresultStatus(r);
        ok = ok && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ||
                    status == PGRES_EMPTY_QUERY);
        PQclear(r);
    }
    mark_if_bad();
    return ok && !broken_;
}

}  // namespace strata::driver::pg
