// Connection: forwards to the backend chosen from the URL scheme.
#include "strata/driver/connection.hpp"

#include <fmt/format.h>

#include "driver/connection_impl.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata::driver {

namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

}  // namespace

Connection::Connection(std::unique_ptr<ConnectionImpl> impl) : impl_(std::move(impl)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Connection Connection::open(const ConnectOptions& options) {
    const std::string_view url = options.url;
    if (starts_with_ci(url, "postgresql://") || starts_with_ci(url, "postgres://")) {
        return Connection(open_pg(options));
    }
    if (starts_with_ci(url, "sqlite:")) return Connection(open_sqlite(options));
    const auto colon = url.find(':');
    throw UsageError(fmt::format(
        "unsupported database URL scheme \"{}\" in {}: use postgresql://, postgres:// or sqlite:",
        colon == std::string_view::npos ? std::string_view("(none)") : url.substr(0, colon),
        log::redact(url)));
}

Connection Connection::open(std::string_view url) {
    ConnectOptions options;
    options.url = std::string(url);
    return open(options);
}

Backend Connection::backend() const {
    return impl_->backend();
}

Result Connection::execute(std::string_view sql, std::span<const Value> params,
                           const ExecOptions& options, std::source_location where) {
    return impl_->execute(sql, params, options, where);
}

std::uint64_t Connection::for_each_row(std::string_view sql, std::span<const Value> params,
                                       const std::function<void(const Row&)>& on_row,
                                       std::source_location where) {
    return impl_->for_each_row(sql, params, on_row, where);
}

void Connection::execute_script(std::string_view sql, std::source_location where) {
    impl_->execute_script(sql, where);
}

void Connection::execute_script(std::string_view sql, std::vector<Result>& completed,
                                std::source_location where) {
    impl_->execute_script(sql, completed, where);
}

std::vector<Result> Connection::pipeline(std::span<const Statement> statements,
                                         std::source_location where) {
    std::vector<Result> out;
    impl_->pipeline(statements, out, where);
    return out;
}

void Connection::pipeline(std::span<const Statement> statements, std::vector<Result>& completed,
                          std::source_location where) {
    impl_->pipeline(statements, completed, where);
}

void Connection::pipeline(std::span<const Statement> statements, std::vector<Result>& completed,
                          const ExecOptions& options, std::source_location where) {
    impl_->pipeline_with(statements, completed, options, where);
}

CopyWriter Connection::copy_in(std::string_view table, std::span<const std::string> columns) {
    return CopyWriter(impl_->copy_in(table, columns));
}

void Connection::defer(Statement statement, std::source_location where) {
    impl_->defer(std::move(statement), where);
}
bool Connection::has_deferred() const {
    return impl_->has_deferred();
}
bool Connection::drop_deferred() noexcept {
    return impl_->drop_deferred();
}

std::shared_ptr<CancelHandle> Connection::cancel_handle() {
    return impl_->cancel_handle();
}
bool Connection::poll_alive() {
    return impl_->poll_alive();
}

bool Connection::ping() {
    return impl_->ping();
}

bool Connection::run_within(std::string_view sql, std::chrono::milliseconds timeout) {
    return impl_->run_within(sql, timeout);
}
TransactionState Connection::transaction_state() const {
    return impl_->transaction_state();
}
bool Connection::is_broken() const {
    return impl_->is_broken();
}
int Connection::server_version() const {
    return impl_->server_version();
}
const std::string& Connection::redacted_url() const {
    return impl_->redacted_url();
}
std::size_t Connection::prepared_statements() const {
    return impl_->prepared_statements();
}
int Connection::backend_pid() const {
    return impl_->backend_pid();
}
std::chrono::steady_clock::time_point Connection::opened_at() const {
    return impl_->opened_at();
}

}  // namespace strata::driver
