// PgResult: a PGresult behind driver::ResultImpl.
#pragma once

#include <libpq-fe.h>

#include <string_view>

#include "strata/driver/result.hpp"

namespace strata::driver::pg {

/// Owns one PGresult. Immutable, so const access from several threads is safe.
class PgResult final : public ResultImpl {
public:
    explicit PgResult(PGresult* result) : result_(result) {}
    ~PgResult() override { PQclear(result_); }
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    [[nodiscard]] std::size_t rows() const override {
        return static_cast<std::size_t>(PQntuples(result_));
    }
    [[nodiscard]] std::size_t columns() const override {
        return static_cast<std::size_t>(PQnfields(result_));
    }
    [[nodiscard]] std::string_view column_name(std::size_t col) const override {
        const char* n = PQfname(result_, static_cast<int>(col));
        return n ? std::string_view(n) : std::string_view();
    }
    [[nodiscard]] Cell cell(std::size_t row, std::size_t col) const override {
        const int r = static_cast<int>(row), c = static_cast<int>(col);
        Cell out;
        out.type_oid = PQftype(result_, c);
        if (PQgetisnull(result_, r, c)) return out;
        out.kind = PQfformat(result_, c) ? Cell::Kind::pg_binary : Cell::Kind::pg_text;
        out.data = std::string_view(PQgetvalue(result_, r, c),
                                    static_cast<std::size_t>(PQgetlength(result_, r, c)));
        return out;
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
    PGresult* result_;
};

}  // namespace strata::driver::pg
