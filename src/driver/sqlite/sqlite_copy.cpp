// SqliteCopySink: bulk load through one prepared INSERT inside SAVEPOINT strata_copy.
#include "driver/sqlite/sqlite_copy.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include "driver/sqlite/sqlite_connection.hpp"
#include "strata/core/error.hpp"
#include "strata/core/quote.hpp"

namespace strata::driver::sqlite {

SqliteCopySink::SqliteCopySink(SqliteConnection& conn, std::string_view table,
                               std::span<const std::string> columns)
    : conn_(conn), columns_(columns.size()) {
    if (columns.empty()) {
        throw UsageError(fmt::format("copy_in into '{}' needs at least one column", table));
    }
    std::string cols;
    std::string marks;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        cols += (i ? ", " : "") + quote_identifier(columns[i]);
        marks += fmt::format("{}${}", i ? ", " : "", i + 1);
    }
    sql_ =
        fmt::format("INSERT INTO {} ({}) VALUES ({})", quote_dotted_identifier(table), cols, marks);
    auto here = std::source_location::current();
    stmt_ = conn_.prepare(sql_, true, here);
    conn_.execute_script("SAVEPOINT strata_copy", here);
    open_ = true;
}

SqliteCopySink::~SqliteCopySink() {
    abort();
}

void SqliteCopySink::write_row(std::span<const Value> values) {
    if (!open_) throw UsageError(fmt::format("copy_in is already finished or failed: {}", sql_));
    if (values.size() != columns_) {
        throw UsageError(fmt::format("copy_in row {} has {} value(s) for {} column(s): {}",
                                     rows_ + 1, values.size(), columns_, sql_));
    }
    try {
        conn_.run(*stmt_, sql_, values, {}, std::source_location::current());
    } catch (...) {
        abort();  // COPY on PostgreSQL loads nothing when one row fails: do the same
        throw;
    }
    ++rows_;
}

std::uint64_t SqliteCopySink::finish() {
    if (!open_) throw UsageError(fmt::format("copy_in is already finished or failed: {}", sql_));
    conn_.execute_script("RELEASE strata_copy", std::source_location::current());
    open_ = false;
    return rows_;
}

void SqliteCopySink::abort() noexcept {
    if (!open_) return;
    open_ = false;
    // An interrupt may already have rolled the transaction back; then these fail harmlessly.
    sqlite3_exec(conn_.handle(), "ROLLBACK TO strata_copy; RELEASE strata_copy", nullptr, nullptr,
                 nullptr);
}

}  // namespace strata::driver::sqlite
