// Session: forwarding to the transaction's connection, and savepoints for nested work.
#include "strata/session/session.hpp"

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/session/advisory_lock.hpp"

namespace strata::session {

namespace {
[[noreturn]] void throw_ended() {
    throw UsageError(
        "this Session's transaction has ended (committed or rolled back); a Session is valid "
        "only inside the transaction that made it");
}
}  // namespace

driver::Connection& Session::conn() {
    if (conn_ == nullptr) throw_ended();
    return *conn_;
}

const driver::Connection& Session::conn() const {
    if (conn_ == nullptr) throw_ended();
    return *conn_;
}

driver::Result Session::execute(std::string_view sql, std::span<const driver::Value> params,
                                const driver::ExecOptions& options, std::source_location where) {
    return conn().execute(sql, params, options, where);
}

std::uint64_t Session::for_each_row(std::string_view sql, std::span<const driver::Value> params,
                                    const std::function<void(const driver::Row&)>& on_row,
                                    std::source_location where) {
    return conn().for_each_row(sql, params, on_row, where);
}

void Session::execute_script(std::string_view sql, std::source_location where) {
    conn().execute_script(sql, where);
}

std::vector<driver::Result> Session::pipeline(std::span<const driver::Statement> statements,
                                              std::source_location where) {
    return conn().pipeline(statements, where);
}

driver::CopyWriter Session::copy_in(std::string_view table, std::span<const std::string> columns) {
    return conn().copy_in(table, columns);
}

void Session::defer(driver::Statement statement, std::source_location where) {
    conn().defer(std::move(statement), where);
}

bool Session::has_deferred() const {
    return conn().has_deferred();
}

driver::Backend Session::backend() const {
    return conn().backend();
}

std::shared_ptr<driver::CancelHandle> Session::cancel_handle() {
    return conn().cancel_handle();
}

int Session::backend_pid() const {
    return conn().backend_pid();
}

void Session::run_savepoint(const std::function<void(Session&)>& fn) {
    driver::Connection& c = conn();
    const std::string name = fmt::format("sp_{}", ++savepoints_);
    c.execute_script("SAVEPOINT " + name);
    try {
        fn(*this);
    } catch (...) {
        // Undo only the nested work; the outer transaction goes on. When the connection is gone
        // this fails too, and the original error is the one worth reporting.
        try {
            if (conn_ != nullptr) {
                conn_->execute_script("ROLLBACK TO SAVEPOINT " + name);
                conn_->execute_script("RELEASE SAVEPOINT " + name);
            }
        } catch (...) {}
        throw;
    }
    c.execute_script("RELEASE SAVEPOINT " + name);
}

void Session::xact_lock(std::string_view name) {
    session::xact_lock(*this, name);
}

bool Session::try_xact_lock(std::string_view name) {
    return session::try_xact_lock(*this, name);
}

}  // namespace strata::session
