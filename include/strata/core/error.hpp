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
/// 0A000 "cached plan must not change result type" from one of strata's cached prepared
/// statements inside a transaction block: a table changed under the statement (DDL, a
/// migration) and the failure aborted the transaction. The cache has been forgotten, so running
/// the transaction again succeeds: retryable. (Outside a transaction block the driver reruns the
/// statement itself and this is never seen.) Raised by the driver, not by the SQLSTATE table.
class StaleStatement : public SqlError {
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
/// Class 42 (syntax error or access rule violation): the statement does not fit this database.
/// The codes below have their own classes; any other class-42 code is this class itself.
class SyntaxOrAccessError : public SqlError {
public:
    using SqlError::SqlError;
};
/// 42601: the text does not parse.
class SyntaxError : public SyntaxOrAccessError {
public:
    using SyntaxOrAccessError::SyntaxOrAccessError;
};
/// 42501: the role lacks a privilege (or row-level security refused the row).
class InsufficientPrivilege : public SyntaxOrAccessError {
public:
    using SyntaxOrAccessError::SyntaxOrAccessError;
};
/// 42704: a named object (type, role, index, constraint, ...) does not exist; the classes
/// below are the specific kinds.
class UndefinedObject : public SyntaxOrAccessError {
public:
    using SyntaxOrAccessError::SyntaxOrAccessError;
};
/// 42P01
class UndefinedTable : public UndefinedObject {
public:
    using UndefinedObject::UndefinedObject;
};
/// 42703
class UndefinedColumn : public UndefinedObject {
public:
    using UndefinedObject::UndefinedObject;
};
/// 42883: no function or operator matches the name and argument types.
class UndefinedFunction : public UndefinedObject {
public:
    using UndefinedObject::UndefinedObject;
};
/// 42710: the object already exists (role, constraint, trigger, ...); the classes below are
/// the specific kinds. A migration that runs twice fails with one of these.
class DuplicateObject : public SyntaxOrAccessError {
public:
    using SyntaxOrAccessError::SyntaxOrAccessError;
};
/// 42P07: the table, view, index or sequence already exists.
class DuplicateTable : public DuplicateObject {
public:
    using DuplicateObject::DuplicateObject;
};
/// 42701
class DuplicateColumn : public DuplicateObject {
public:
    using DuplicateObject::DuplicateObject;
};
/// 42723
class DuplicateFunction : public DuplicateObject {
public:
    using DuplicateObject::DuplicateObject;
};
/// 42P06
class DuplicateSchema : public DuplicateObject {
public:
    using DuplicateObject::DuplicateObject;
};
/// 42P04
class DuplicateDatabase : public DuplicateObject {
public:
    using DuplicateObject::DuplicateObject;
};
/// 42P05: a prepared statement of that name already exists on the server connection. With
/// strata's own statements this means a transaction-mode pooler (PgBouncer) handed the session
/// another server connection: set prepare=off.
class DuplicatePreparedStatement : public DuplicateObject {
public:
    using DuplicateObject::DuplicateObject;
};
/// 42702: a column name matches columns of more than one table in the query.
class AmbiguousColumn : public SyntaxOrAccessError {
public:
    using SyntaxOrAccessError::SyntaxOrAccessError;
};
/// 42804: a value's type does not fit where it is used (e.g. a boolean into a bigint column).
class DatatypeMismatch : public SyntaxOrAccessError {
public:
    using SyntaxOrAccessError::SyntaxOrAccessError;
};
/// 42809: the object is of the wrong kind for the command (e.g. ALTER TABLE on a view).
class WrongObjectType : public SyntaxOrAccessError {
public:
    using SyntaxOrAccessError::SyntaxOrAccessError;
};
/// 42P10: ON CONFLICT names columns no unique constraint or index covers.
class InvalidColumnReference : public SyntaxOrAccessError {
public:
    using SyntaxOrAccessError::SyntaxOrAccessError;
};
/// 26000: the named prepared statement does not exist on the server connection. With strata's
/// own statements this means a transaction-mode pooler switched server connections: set
/// prepare=off.
class InvalidStatementName : public SqlError {
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
