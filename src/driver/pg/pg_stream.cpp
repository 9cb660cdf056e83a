// Streaming rows: one statement in libpq single-row mode, each row handed over as it arrives.
#include <fmt/format.h>

#include <chrono>
#include <exception>

#include "driver/pg/pg_connection.hpp"
#include "driver/pg/pg_error.hpp"
#include "driver/pg/pg_result.hpp"

namespace strata::driver::pg {

bool PgConnection::send_streaming(std::string_view sql, const std::source_location& where) {
    const int n = params_.count();
    int sent = 0;
    if (prepare_) {
        CachedStatement* entry = prepared_.find(sql);
        bool same = entry != nullptr && entry->param_types.size() == static_cast<std::size_t>(n);
        for (int i = 0; same && i < n; ++i) {
            const auto t = params_.types()[i];
            same = t == 0 || t == entry->param_types[static_cast<std::size_t>(i)];
        }
        if (entry != nullptr && !same) {
            prepared_.erase(sql, evicted_);
            deallocate(evicted_);
            entry = nullptr;
        }
        if (entry == nullptr) entry = prepare_statement(sql, where);
        sent = PQsendQueryPrepared(conn_, entry->name.c_str(), n, params_.values(),
                                   params_.lengths(), params_.formats(), entry->result_format);
    } else {
        const CachedStatement* known = formats_.find(sql);
        const std::string z(sql);
        sent = PQsendQueryParams(conn_, z.c_str(), n, params_.types(), params_.values(),
                                 params_.lengths(), params_.formats(),
                                 known ? known->result_format : 0);
    }
    return sent == 1 && PQsetSingleRowMode(conn_) == 1;
}

std::uint64_t PgConnection::for_each_row(std::string_view sql, std::span<const Value> params,
                                         const std::function<void(const Row&)>& on_row,
                                         const std::source_location& where) {
    throw_if_broken(sql);
    send_deferred(where);
    const auto started = std::chrono::steady_clock::now();
    params_.encode(params);
    if (!send_streaming(sql, where)) {
        mark_if_bad();
        throw_connection_error(conn_, fmt::format("libpq failed sending `{}`", sql));
    }
    std::uint64_t rows = 0;
    std::exception_ptr callback_failure;
    PGresult* failure = nullptr;
    // One Result for the whole statement: each row's PGresult replaces the previous one in it,
    // the columns (types, formats, names, a Row::as plan) read once.
    Result one;
    PgResult* current = nullptr;
    // Every result up to the terminating NULL is read, whatever happens on the way: the
    // connection is then ready for the next statement.
    while (PGresult* r = PQgetResult(conn_)) {
        const ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE && !callback_failure && failure == nullptr) {
            if (current == nullptr) {
                auto first = std::make_unique<PgResult>(r);
                current = first.get();
                one = Result(std::move(first), std::string(sql));
            } else {
                current->replace_row(r);
            }
            ++rows;
            try {
                on_row(one[0]);
            } catch (...) {
                callback_failure = std::current_exception();
            }
        } else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && st != PGRES_SINGLE_TUPLE &&
                   failure == nullptr) {
            failure = r;  // the first error is the one reported
        } else {
            PQclear(r);  // the end of the rows, a row after a failure, a second error
        }
    }
    if (failure != nullptr) {
        if (echo_)
            echo(sql, params, std::chrono::steady_clock::now() - started,
                 PQresultErrorMessage(failure));
        if (rows == 0 && !callback_failure && forget_if_stale(failure, false)) {
            // A cached statement gone stale after DDL: outside a transaction block nothing
            // else was undone, so it is prepared and run again.
            if (PQtransactionStatus(conn_) != PQTRANS_IDLE) throw_stale(failure, sql, where);
            PQclear(failure);
            return for_each_row(sql, params, on_row, where);
        }
        check(failure, sql, where);  // throws
    }
    if (echo_) echo(sql, params, std::chrono::steady_clock::now() - started);
    if (callback_failure) std::rethrow_exception(callback_failure);
    mark_if_bad();
    throw_if_broken(sql);
    return rows;
}

}  // namespace strata::driver::pg
