// SqliteResult: materialised rows of a SQLite statement.
#include "driver/sqlite/sqlite_result.hpp"

#include <sqlite3.h>

namespace strata::driver::sqlite {

SqliteResult::SqliteResult(sqlite3_stmt* stmt) {
    const int n = stmt ? sqlite3_column_count(stmt) : 0;
    names_.reserve(static_cast<std::size_t>(n));
    declared_.reserve(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) {
        const char* name = sqlite3_column_name(stmt, c);
        const char* decl = sqlite3_column_decltype(stmt, c);
        names_.emplace_back(name ? name : "");
        declared_.emplace_back(decl ? decl : "");
    }
}

void SqliteResult::add_row(sqlite3_stmt* stmt) {
    const int n = static_cast<int>(names_.size());
    for (int c = 0; c < n; ++c) {
        Stored s;
        switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER:
                s.kind = Cell::Kind::integer;
                s.i = sqlite3_column_int64(stmt, c);
                break;
            case SQLITE_FLOAT:
                s.kind = Cell::Kind::real;
                s.d = sqlite3_column_double(stmt, c);
                break;
            case SQLITE_TEXT: {
                s.kind = Cell::Kind::text;
                const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                s.size = static_cast<std::uint32_t>(sqlite3_column_bytes(stmt, c));
                s.offset = arena_.size();
                arena_.append(p, s.size);
                break;
            }
            case SQLITE_BLOB: {
                s.kind = Cell::Kind::blob;
                const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
                s.size = static_cast<std::uint32_t>(sqlite3_column_bytes(stmt, c));
                s.offset = arena_.size();
                if (s.size > 0) arena_.append(p, s.size);
                break;
            }
            default:
                s.kind = Cell::Kind::null;
                s.i = 0;
                break;
        }
        cells_.push_back(s);
    }
    ++rows_;
}

std::string_view SqliteResult::column_name(std::size_t col) const {
    return names_.at(col);
}

Cell SqliteResult::cell(std::size_t row, std::size_t col) const {
    Cell out;
    fill(row * names_.size() + col, col, out);
    return out;
}

void SqliteResult::cells(std::size_t row, std::span<const std::size_t> cols, Cell* out) const {
    const std::size_t base = row * names_.size();
    for (std::size_t i = 0; i < cols.size(); ++i) fill(base + cols[i], cols[i], out[i]);
}

void SqliteResult::fill(std::size_t at, std::size_t col, Cell& out) const {
    const Stored& s = cells_.at(at);
    out = Cell{};
    out.kind = s.kind;
    out.declared_type = declared_.at(col);
    switch (s.kind) {
        case Cell::Kind::integer:
            out.i = s.i;
            break;
        case Cell::Kind::real:
            out.d = s.d;
            break;
        case Cell::Kind::text:
        case Cell::Kind::blob:
            out.data = std::string_view(arena_).substr(s.offset, s.size);
            break;
        default:
            break;
    }
}

}  // namespace strata::driver::sqlite
