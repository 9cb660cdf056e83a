// SqlError messages and the one SQLSTATE -> exception class table.
#include "strata/core/error.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>
#include <utility>

#include "strata/core/log.hpp"

namespace strata {
namespace {

constexpr std::size_t kMaxQueryInMessage = 500;

std::string_view base_name(std::string_view path) {
    const auto slash = path.find_last_of("/\\");
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "(constraint uq on table users)", "(column email of table users)", "(table users)" or "".
std::string object_clause(const SqlErrorInfo& info) {
    std::string table = info.table;
    if (!info.schema.empty() && !table.empty() && info.schema != "public") {
        table = info.schema + "." + table;
    }
    std::string what;
    if (!info.constraint.empty()) {
        what = "constraint " + info.constraint;
        if (!table.empty()) what += " on table " + table;
    } else if (!info.column.empty()) {
        what = "column " + info.column;
        if (!table.empty()) what += " of table " + table;
    } else if (!table.empty()) {
        what = "table " + table;
    }
    return what.empty() ? std::string{} : " (" + what + ")";
}

std::string query_clause(const SqlErrorInfo& info) {
    if (info.query.empty()) return {};
    std::string query;
    query.reserve(std::min(info.query.size(), kMaxQueryInMessage));
    bool space = false;
    for (const char c : info.query) {  // one line: collapse whitespace runs
        const bool is_space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (is_space) {
            space = !query.empty();
            continue;
        }
        if (space) query += ' ';
        space = false;
        query += c;
        if (query.size() >= kMaxQueryInMessage) {
            query += "...";
            break;
        }
    }
    if (info.position) return fmt::format(" [query, at character {}: {}]", *info.position, query);
    return fmt::format(" [query: {}]", query);
}

std::string format_message(const SqlErrorInfo& info) {
    std::string out = fmt::format("{} {}: {}", info.severity.empty() ? "ERROR" : info.severity,
                                  info.sqlstate.empty() ? "?????" : info.sqlstate, info.message);
    out += object_clause(info);
    if (!info.detail.empty()) out += " DETAIL: " + info.detail;
    if (!info.hint.empty()) out += " HINT: " + info.hint;
    out += query_clause(info);
    if (info.location.line() != 0 && info.location.file_name() != nullptr &&
        *info.location.file_name() != '\0') {
        out += fmt::format(" at {}:{}", base_name(info.location.file_name()), info.location.line());
    }
    return log::redact(out);
}

using Factory = std::unique_ptr<SqlError> (*)(SqlErrorInfo);
using Thrower = void (*)(SqlErrorInfo);

template <class T>
std::unique_ptr<SqlError> make(SqlErrorInfo info) {
    return std::make_unique<T>(std::move(info));
}
template <class T>
[[noreturn]] void raise(SqlErrorInfo info) {
    throw T(std::move(info));
}

struct Mapping {
    std::string_view sqlstate;  // five characters: exact code; two characters: the whole class
    Factory make;
    Thrower raise;
};

template <class T>
constexpr Mapping map(std::string_view sqlstate) {
    return {sqlstate, &make<T>, &raise<T>};
}

// The one table. Exact codes are matched before classes; anything else is a plain SqlError.
constexpr std::array kTable{
    map<UniqueViolation>("23505"), map<ForeignKeyViolation>("23503"),
    map<NotNullViolation>("23502"), map<CheckViolation>("23514"), map<ExclusionViolation>("23P01"),
    map<ConstraintViolation>("23"), map<SerializationFailure>("40001"),
    map<DeadlockDetected>("40P01"), map<QueryCanceled>("57014"), map<LockNotAvailable>("55P03"),
    // Class 42, by code; the rest of the class is SyntaxOrAccessError.
    map<SyntaxError>("42601"), map<InsufficientPrivilege>("42501"), map<UndefinedObject>("42704"),
    map<UndefinedTable>("42P01"), map<UndefinedColumn>("42703"), map<UndefinedFunction>("42883"),
    map<DuplicateObject>("42710"), map<DuplicateTable>("42P07"), map<DuplicateColumn>("42701"),
    map<DuplicateFunction>("42723"), map<DuplicateSchema>("42P06"), map<DuplicateDatabase>("42P04"),
    map<DuplicatePreparedStatement>("42P05"), map<AmbiguousColumn>("42702"),
    map<DatatypeMismatch>("42804"), map<WrongObjectType>("42809"),
    map<InvalidColumnReference>("42P10"), map<SyntaxOrAccessError>("42"),
    map<InvalidStatementName>("26000"), map<ServerConnectionFailure>("08"),
    map<ServerConnectionFailure>("57P01"),  // admin_shutdown
    map<ServerConnectionFailure>("57P02"),  // crash_shutdown
    map<ServerConnectionFailure>("57P03"),  // cannot_connect_now
};

const Mapping* find_mapping(std::string_view sqlstate) {
    for (const auto& m : kTable) {
        if (m.sqlstate.size() == 5 && m.sqlstate == sqlstate) return &m;
    }
    for (const auto& m : kTable) {
        if (m.sqlstate.size() == 2 && sqlstate.size() == 5 && sqlstate.starts_with(m.sqlstate)) {
            return &m;
        }
    }
    return nullptr;
}

}  // namespace

SqlError::SqlError(SqlErrorInfo info) : Error(format_message(info)), info_(std::move(info)) {}

std::unique_ptr<SqlError> make_sql_error(SqlErrorInfo info) {
    if (const Mapping* m = find_mapping(info.sqlstate)) return m->make(std::move(info));
    return std::make_unique<SqlError>(std::move(info));
}

void throw_sql_error(SqlErrorInfo info) {
    const Mapping* m = find_mapping(info.sqlstate);
    if (m == nullptr) throw SqlError(std::move(info));
    m->raise(std::move(info));
    std::unreachable();  // raise<T> always throws; a function pointer cannot carry [[noreturn]]
}

}  // namespace strata
