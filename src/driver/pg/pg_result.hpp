// PgResult: a PGresult behind driver::ResultImpl.
#pragma once

#include <libpq-fe.h>

#include <array>
#include <memory>
#include <string_view>

#include "strata/driver/result.hpp"

namespace strata::driver::pg {

/// Owns one PGresult. Immutable, so const access from several threads is safe. Each column's
/// type, format and name are read once, when the result arrives; a cell then costs two libpq
/// calls (three for an empty value, which may be NULL).
class PgResult final : public ResultImpl {
public:
    explicit PgResult(PGresult* result) : result_(result) { describe(); }
    ~PgResult() override {
        if (described_ != result_) PQclear(described_);
        PQclear(result_);
    }
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    /// Streaming (single-row mode): the next row of the same statement replaces this one, its
    /// columns (the same row description) kept with the first row's result, which their names
    /// point into. Not for a result other threads read.
    void replace_row(PGresult* next) {
        if (result_ != described_) PQclear(result_);
        result_ = next;
        rows_ = static_cast<std::size_t>(PQntuples(result_));
    }

    [[nodiscard]] std::size_t rows() const override { return rows_; }
    [[nodiscard]] std::size_t columns() const override { return ncolumns_; }
    [[nodiscard]] std::string_view column_name(std::size_t col) const override {
        return col < ncolumns_ ? columns_[col].name : std::string_view();
    }
    [[nodiscard]] Cell cell(std::size_t row, std::size_t col) const override {
        Cell out;
        fill(row, col, out);
        return out;
    }
    void cells(std::size_t row, std::span<const std::size_t> cols, Cell* out) const override {
        for (std::size_t i = 0; i < cols.size(); ++i) fill(row, cols[i], out[i]);
    }
    [[nodiscard]] std::uint64_t affected_rows() const override {
        // Rows changed, not rows returned: a SELECT changes none.
        if (std::string_view(PQcmdStatus(result_)).starts_with("SELECT")) return 0;
        const char* t = PQcmdTuples(result_);
        std::uint64_t n = 0;
        for (; t && *t >= '0' && *t <= '9'; ++t) n = n * 10 + static_cast<std::uint64_t>(*t - '0');
        return n;
    }

private:
    struct Column {
        std::uint32_t oid = 0;
        Cell::Kind kind = Cell::Kind::null;
        std::string_view name;
    };

    void describe() {
        const int n = PQnfields(result_);
        ncolumns_ = static_cast<std::size_t>(n > 0 ? n : 0);
        rows_ = static_cast<std::size_t>(PQntuples(result_));
        columns_ = inline_.data();
        if (ncolumns_ > inline_.size()) {
            heap_ = std::make_unique<Column[]>(ncolumns_);
            columns_ = heap_.get();
        }
        for (int c = 0; c < n; ++c) {
            const char* name = PQfname(result_, c);
            columns_[c] = {PQftype(result_, c),
                           PQfformat(result_, c) ? Cell::Kind::pg_binary : Cell::Kind::pg_text,
                           name ? std::string_view(name) : std::string_view()};
        }
    }

    /// out as the Cell of (row, col): NULL outside the result, as libpq says.
    void fill(std::size_t row, std::size_t col, Cell& out) const {
        out = Cell{};
        if (col >= ncolumns_) return;
        const int r = static_cast<int>(row), c = static_cast<int>(col);
        out.type_oid = columns_[col].oid;
        const int length = PQgetlength(result_, r, c);
        if (length == 0 && PQgetisnull(result_, r, c)) return;
        out.kind = columns_[col].kind;
        out.data = std::string_view(PQgetvalue(result_, r, c), static_cast<std::size_t>(length));
    }

    PGresult* result_;
    PGresult* described_ = result_;  ///< the result the column names point into
    std::size_t rows_ = 0;
    std::array<Column, 8> inline_{};
    std::unique_ptr<Column[]> heap_;
    Column* columns_ = nullptr;
    std::size_t ncolumns_ = 0;
};

}  // namespace strata::driver::pg
