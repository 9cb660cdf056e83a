// PgResult: a PGresult behind driver::ResultImpl.
#pragma once

#include <libpq-fe.h>

#include <array>
#include <memory>
#include <span>
#include <string_view>

#include "strata/driver/result.hpp"

namespace strata::driver::pg {

/// Owns one PGresult. Immutable, so const access from several threads is safe. Each column's
/// type, format and name are read once, when the result arrives (formats(): the decoders' plan);
/// a cell then costs two libpq calls, PQgetlength and PQgetvalue (three for an empty value, which
/// may be NULL).
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
        return col < ncolumns_ ? names_[col] : std::string_view();
    }
    [[nodiscard]] Cell cell(std::size_t row, std::size_t col) const override {
        return to_cell(col < ncolumns_ ? column_formats_[col] : ColumnFormat{}, value_at(row, col));
    }
    void cells(std::size_t row, std::span<const std::size_t> cols, Cell* out) const override {
        for (std::size_t i = 0; i < cols.size(); ++i) out[i] = cell(row, cols[i]);
    }
    [[nodiscard]] CellRef ref(std::size_t row, std::size_t col) const override {
        return value_at(row, col);
    }
    void refs(std::size_t row, std::span<const std::size_t> cols, CellRef* out) const override {
        // Locals, not members: the libpq calls are opaque, so members would be reloaded after each.
        const PGresult* const result = result_;
        const std::size_t n = ncolumns_;
        const int r = static_cast<int>(row);
        for (const std::size_t col : cols) {
            *out++ = col < n ? read(result, r, static_cast<int>(col)) : CellRef{nullptr, -1};
        }
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
    void describe() {
        const int n = PQnfields(result_);
        ncolumns_ = static_cast<std::size_t>(n > 0 ? n : 0);
        rows_ = static_cast<std::size_t>(PQntuples(result_));
        column_formats_ = inline_formats_.data();
        names_ = inline_names_.data();
        if (ncolumns_ > kInline) {
            heap_formats_ = std::make_unique<ColumnFormat[]>(ncolumns_);
            heap_names_ = std::make_unique<std::string_view[]>(ncolumns_);
            column_formats_ = heap_formats_.get();
            names_ = heap_names_.get();
        }
        for (int c = 0; c < n; ++c) {
            const char* name = PQfname(result_, c);
            column_formats_[c] = {
                PQfformat(result_, c) ? Cell::Kind::pg_binary : Cell::Kind::pg_text,
                PQftype(result_, c)};
            names_[c] = name ? std::string_view(name) : std::string_view();
        }
        set_formats(std::span<const ColumnFormat>(column_formats_, ncolumns_));
    }

    /// Cell (row, col): NULL outside the result.
    [[nodiscard]] CellRef value_at(std::size_t row, std::size_t col) const {
        if (col >= ncolumns_) return {nullptr, -1};
        return read(result_, static_cast<int>(row), static_cast<int>(col));
    }
    /// Cell (r, c) of result as libpq holds it. The length answers both "NULL?" (libpq gives 0)
    /// and the decoders' "the type's length?"; only an empty value needs PQgetisnull to tell NULL
    /// from empty.
    static CellRef read(const PGresult* result, int r, int c) {
        const int length = PQgetlength(result, r, c);
        if (length == 0 && PQgetisnull(result, r, c)) return {nullptr, -1};
        return {PQgetvalue(result, r, c), length};
    }

    PGresult* result_;
    PGresult* described_ = result_;  ///< the result the column names point into
    std::size_t rows_ = 0;
    static constexpr std::size_t kInline = 8;
    std::array<ColumnFormat, kInline> inline_formats_{};
    std::array<std::string_view, kInline> inline_names_{};
    std::unique_ptr<ColumnFormat[]> heap_formats_;
    std::unique_ptr<std::string_view[]> heap_names_;
    ColumnFormat* column_formats_ = nullptr;
    std::string_view* names_ = nullptr;
    std::size_t ncolumns_ = 0;
};

}  // namespace strata::driver::pg
