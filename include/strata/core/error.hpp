// The strata error tree: one root, subclasses chosen from SQLSTATE in one table (error.cpp).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <string>
#include <string_view>

namespace strata {

/// Root of every exception strata throws. Messages never contain passwords.
/// Thread-safety: immutable after construction.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}

    /// True when running the same work again may succeed (serialization failure, deadlock,
    /// a connection lost before the statement was sent).
    [[nodiscard]] virtual bool is_retryable() const noexcept { return false; }
    /// True when the connection that raised this error must not be reused.
    [[nodiscard]] virtual bool poisons_connection() const noexcept { return false; }
};

/// A malformed configuration value; the message names the variable or file and line.
class ConfigError : public Error {
public:
    using Error::Error;
};

/// A caller passed something strata cannot accept (an argument, a file, an identifier).
class UsageError : public Error {
public:
    using Error::Error;
};

/// A value could not be decoded into the requested C++ type; names the column and both types.
class DecodeError : public Error {
public:
    using Error::Error;
};

/// Waiting for a resource (pool slot, lock, server start) took longer than allowed.
class TimeoutError : public Error {
public:
    using Error::Error;
};

/// The connection to the server failed or was lost (libpq CONNECTION_BAD, socket errors,
/// SQLSTATE class 08 and 57P01..57P03). The connection is unusable afterwards.
class ConnectionError : public Error {
public:
    explicit ConnectionError(const std::string& message, bool retryable = false)
        : Error(message), retryable_(retryable) {}
    [[nodiscard]] bool is_retryable() const noexcept override { return retryable_; }
    [[nodiscard]] bool poisons_connection() const noexcept override { return true; }

private:
    bool retryable_;
};

/// Everything the server said about a failed statement, plus where strata sent it from.
struct SqlErrorInfo {
    std::string sqlstate;  ///< five characters, e.g. "23505"
    std::string severity;  ///< ERROR, FATAL, ...
    std::string message;   ///< the primary message
    std::string detail;
    std::string hint;
    std::string schema;
    std::string table;
    std::string column;
    std::string constraint;
    std::string datatype;
    std::string query;            ///< the statement text as sent (parameters are never included)
    std::optional<int> position;  ///< 1-based character offset into query, when the server gave one
    /// Connection::pipeline(): the 0-based index of the failing statement in the batch (the
    /// same text may appear twice; the index says which one failed).
    std::optional<std::size_t> statement_index;
    std::source_location location;  ///< the strata API call site that ran the statement
};

/// An error reported by the database for a statement. Subclasses below are chosen from the
/// SQLSTATE by make_sql_error(); catch the most specific one you can act on.
class SqlError : public Error {
public:
    explicit SqlError(SqlErrorInfo info);

    [[nodiscard]] const SqlErrorInfo& info() const noexcept { return info_; }
    [[nodiscard]] const std::string& sqlstate() const noexcept { return info_.sqlstate; }
    [[nodiscard]] const std::string& server_message() const noexcept { return info_.message; }
    [[nodiscard]] const std::string& detail() const noexcept { return info_.detail; }
    [[nodiscard]] const std::string& hint() const noexcept { return info_.hint; }
    [[nodiscard]] const std::string& constraint() const noexcept { return info_.constraint; }
    [[nodiscard]] const std::string& table() const noexcept { return info_.table; }
    [[nodiscard]] const std::string& column() const noexcept { return info_.column; }
    [[nodiscard]] const std::string& query() const noexcept { return info_.query; }
    /// Set by Connection::pipeline() on the error it throws; see SqlErrorInfo::statement_index.
    void set_statement_index(std::size_t index) noexcept { info_.statement_index = index; }

private:
    SqlErrorInfo info_;
};

/// Class 23: a statement broke an integrity constraint; constraint() names it.
class ConstraintViolation : public SqlError {
public:
    using SqlError::SqlError;
};
class UniqueViolation : public ConstraintViolation {
public:
    using ConstraintViolation::ConstraintViolation;
};
class ForeignKeyViolation : public ConstraintViolation {
public:
    using ConstraintViolation::ConstraintViolation;
};
class NotNullViolation : public ConstraintViolation {
public:
    using ConstraintViolation::ConstraintViolation;
};
class CheckViolation : public ConstraintViolation {
public:
    using ConstraintViolation::ConstraintViolation;
};
class ExclusionViolation : public ConstraintViolation {
public:
    using ConstraintViolation::ConstraintViolation;
};

/// 40001: the transaction must be retried from the start.
class SerializationFailure : public SqlError {
public:
    using SqlError::SqlError;
    [[nodiscard]] bool is_retryable() const noexcept override { return true; }
};
/// 40P01: the server broke a deadlock by failing this transaction; retryable.
class DeadlockDetected : public SqlError {
public:
    using SqlError::SqlError;
    [[nodiscard]] bool is_retryable() const noexcept override { return true; }
};
/// 57014: the statement was canceled (by cancel() or statement_timeout).
class QueryCanceled : public SqlError {
public:
    using SqlError::SqlError;
};
/// 55P03: NOWAIT / lock_timeout could not get a lock.
class LockNotAvailable : public SqlError {
public:
    using SqlError::SqlError;
};
/// 42P01
class UndefinedTable : public SqlError {
public:
    using SqlError::SqlError;
};
/// 42703
class UndefinedColumn : public SqlError {
public:
    using SqlError::SqlError;
};
/// 42501
class InsufficientPrivilege : public SqlError {
public:
    using SqlError::SqlError;
};
/// Class 42 other than the above: the statement itself is wrong.
class SyntaxError : public SqlError {
public:
    using SqlError::SqlError;
};
/// Class 08, 57P01..57P03 as reported by the server: the session is gone.
class ServerConnectionFailure : public SqlError {
public:
    using SqlError::SqlError;
    [[nodiscard]] bool poisons_connection() const noexcept override { return true; }
};

/// The single SQLSTATE -> class table. Returns the most specific subclass for info.sqlstate.
[[nodiscard]] std::unique_ptr<SqlError> make_sql_error(SqlErrorInfo info);
/// Throws make_sql_error(info) with its dynamic type preserved.
[[noreturn]] void throw_sql_error(SqlErrorInfo info);

}  // namespace strata
