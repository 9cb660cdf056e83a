// SQLite result codes -> synthetic SQLSTATEs, so callers catch the same classes on both backends.
#include "driver/sqlite/sqlite_errors.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <vector>

namespace strata::driver::sqlite {
namespace {

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

std::string_view after_colon(std::string_view message) {
    auto colon = message.find(": ");
    return colon == std::string_view::npos ? std::string_view{} : message.substr(colon + 2);
}

/// "t.a, t.b" -> table "t", columns {"a", "b"}.
void split_columns(std::string_view list, std::string& table, std::vector<std::string>& columns) {
    while (!list.empty()) {
        auto comma = list.find(", ");
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 2);
        auto dot = item.rfind('.');
        if (dot != std::string_view::npos) {
            table = std::string(item.substr(0, dot));
            columns.emplace_back(item.substr(dot + 1));
        } else {
            columns.emplace_back(item);
        }
    }
}

std::vector<std::string> query_strings(sqlite3* db, const std::string& sql, int col) {
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(stmt, col);
        out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    sqlite3_finalize(stmt);
    return out;
}

std::string quote_literal(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

/// Finds the unique index over exactly `columns` and names it as PostgreSQL would: an explicit
/// CREATE UNIQUE INDEX keeps its name; a UNIQUE constraint becomes <table>_<cols>_key and a
/// PRIMARY KEY <table>_pkey (SQLite does not keep constraint names for those).
std::string unique_constraint_name(sqlite3* db, const std::string& table,
                                   const std::vector<std::string>& columns) {
    std::string joined;
    for (const auto& c : columns) joined += (joined.empty() ? "" : "_") + c;
    // index_list columns: seq, name, unique, origin, partial.
    sqlite3_stmt* stmt = nullptr;
    std::string list_sql = fmt::format("SELECT name, \"unique\", origin FROM pragma_index_list({})",
                                       quote_literal(table));
    if (sqlite3_prepare_v2(db, list_sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            if (sqlite3_column_int(stmt, 1) == 0) continue;
            std::string name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
            std::string origin = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2));
            auto index_columns =
                query_strings(db,
                              fmt::format("SELECT name FROM pragma_index_info({}) ORDER BY seqno",
                                          quote_literal(name)),
                              0);
            if (index_columns != columns) continue;
            sqlite3_finalize(stmt);
            if (origin == "c") return name;
            if (origin == "pk") return table + "_pkey";
            return fmt::format("{}_{}_key", table, joined);
        }
        sqlite3_finalize(stmt);
    }
    // No index: an INTEGER PRIMARY KEY (the rowid) or a constraint we could not match.
    return fmt::format("{}_pkey", table);
}

}  // namespace

std::string sqlstate_for(int extended_code, std::string_view message, Phase phase) {
    switch (extended_code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
        case SQLITE_CONSTRAINT_ROWID:
            return "23505";
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            return "23503";
        case SQLITE_CONSTRAINT_NOTNULL:
            return "23502";
        case SQLITE_CONSTRAINT_CHECK:
            return "23514";
        case SQLITE_CONSTRAINT_DATATYPE:
            return "42804";
        default:
            break;
    }
    switch (extended_code & 0xff) {
        case SQLITE_CONSTRAINT:
            return "23000";
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return "55P03";
        case SQLITE_INTERRUPT:
            return "57014";
        case SQLITE_READONLY:
            return "25006";
        case SQLITE_TOOBIG:
            return "54000";
        case SQLITE_MISMATCH:
            return "42804";
        case SQLITE_FULL:
            return "53100";
        case SQLITE_NOMEM:
            return "53200";
        case SQLITE_IOERR:
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return "58030";
        case SQLITE_ERROR:
            if (contains(message, "no such table")) return "42P01";
            if (contains(message, "no such column")) return "42703";
            if (contains(message, "already exists")) return "42P07";
            if (contains(message, "ambiguous column")) return "42702";
            if (contains(message, "no such function")) return "42883";
            return phase == Phase::prepare ? "42601" : "XX000";
        default:
            return "XX000";
    }
}

void throw_sqlite_error(sqlite3* db, int code, std::string_view sql, Phase phase,
                        const std::source_location& where, bool canceled_by_timeout) {
    int extended = db ? sqlite3_extended_errcode(db) : code;
    if ((extended & 0xff) != (code & 0xff)) extended = code;
    SqlErrorInfo info;
    info.message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    info.sqlstate = sqlstate_for(extended, info.message, phase);
    info.severity = "ERROR";
    info.query = std::string(sql);
    info.location = where;
    info.detail = fmt::format("SQLite result code {} ({})", extended, sqlite3_errstr(extended));
    if (db && phase == Phase::prepare) {
        int offset = sqlite3_error_offset(db);
        if (offset >= 0) info.position = offset + 1;
    }
    std::string_view tail = after_colon(info.message);
    std::vector<std::string> columns;
    if (info.sqlstate == "23505" || info.sqlstate == "23502") {
        split_columns(tail, info.table, columns);
        for (const auto& c : columns) info.column += (info.column.empty() ? "" : ", ") + c;
        if (info.sqlstate == "23505" && db && !info.table.empty()) {
            info.constraint = unique_constraint_name(db, info.table, columns);
        }
    } else if (info.sqlstate == "23514") {
        info.constraint = std::string(tail);
    } else if (info.sqlstate == "42P01") {
        std::string_view name = tail;
        if (name.starts_with("main.")) name.remove_prefix(5);
        info.table = std::string(name);
    } else if (info.sqlstate == "42703") {
        info.column = std::string(tail);
    } else if (info.sqlstate == "57014") {
        info.message = canceled_by_timeout ? "canceling statement due to statement timeout"
                                           : "canceling statement due to user request";
    }
    throw_sql_error(std::move(info));
}

}  // namespace strata::driver::sqlite
