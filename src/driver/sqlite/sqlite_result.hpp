// SqliteResult: a fully stepped SQLite statement, its rows materialised into one arena.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "strata/driver/result.hpp"

struct sqlite3_stmt;

namespace strata::driver::sqlite {

/// All rows of a statement, read eagerly so the statement can be reset and reused at once.
/// Text and blob bytes live in one contiguous buffer; cells are small fixed-size records, so a
/// result costs a handful of allocations however many rows it has.
/// Thread-safety: immutable after construction; const members may be called from any thread.
class SqliteResult final : public ResultImpl {
public:
    /// Column names and declared types come from stmt; rows are added with add_row().
    explicit SqliteResult(sqlite3_stmt* stmt);

    /// Copies the current row of stmt (after sqlite3_step returned SQLITE_ROW).
    void add_row(sqlite3_stmt* stmt);
    void set_affected_rows(std::uint64_t n) { affected_ = n; }

    [[nodiscard]] std::size_t rows() const override { return rows_; }
    [[nodiscard]] std::size_t columns() const override { return names_.size(); }
    [[nodiscard]] std::string_view column_name(std::size_t col) const override;
    [[nodiscard]] Cell cell(std::size_t row, std::size_t col) const override;
    void cells(std::size_t row, std::span<const std::size_t> cols, Cell* out) const override;
    [[nodiscard]] std::uint64_t affected_rows() const override { return affected_; }

private:
    /// 16 bytes per cell: SQLite caps a value at 2^31 bytes, so size fits 32 bits.
    struct Stored {
        Cell::Kind kind = Cell::Kind::null;
        std::uint32_t size = 0;  ///< text/blob length
        union {
            std::int64_t i = 0;
            double d;
            std::uint64_t offset;  ///< text/blob start in arena_
        };
    };

    /// The cell at stored index at of column col, into out.
    void fill(std::size_t at, std::size_t col, Cell& out) const;

    std::vector<std::string> names_;
    std::vector<std::string> declared_;
    std::vector<Stored> cells_;
    std::string arena_;
    std::size_t rows_ = 0;
    std::uint64_t affected_ = 0;
};

}  // namespace strata::driver::sqlite
