// Binary COPY ... FROM STDIN behind CopyWriter::Sink.
#include <fmt/format.h>

#include "driver/pg/pg_connection.hpp"
#include "driver/pg/pg_error.hpp"
#include "driver/pg/pg_params.hpp"
#include "driver/pg/pg_types.hpp"
#include "strata/core/log.hpp"
#include "strata/core/quote.hpp"

namespace strata::driver::pg {

namespace {

constexpr std::size_t kChunk = std::size_t{64} * 1024;

/// Streams rows in PostgreSQL's binary COPY format, flushing every 64 KiB.
class PgCopySink final : public CopyWriter::Sink {
public:
    PgCopySink(PgConnection& conn, std::string copy_sql, std::vector<std::uint32_t> types)
        : conn_(conn), sql_(std::move(copy_sql)), types_(std::move(types)) {
        buf_.reserve(kChunk + 4096);
        static constexpr char kHeader[] = "PGCOPY\n\377\r\n\0";
        buf_.append(kHeader, 11);
        append_be<std::int32_t>(buf_, 0);  // flags
        append_be<std::int32_t>(buf_, 0);  // header extension length
    }
    ~PgCopySink() override = default;

    void write_row(std::span<const Value> values) override {
        if (values.size() != types_.size()) {
            throw UsageError(fmt::format("COPY row {} has {} values; `{}` expects {}", rows_ + 1,
                                         values.size(), sql_, types_.size()));
        }
        const auto mark = buf_.size();
        append_be<std::int16_t>(buf_, static_cast<std::int16_t>(values.size()));
        std::size_t i = 0;
        try {
            for (; i < values.size(); ++i) append_copy_field(values[i], types_[i], buf_);
        } catch (const UsageError& e) {
            buf_.resize(mark);
            throw UsageError(
                fmt::format("`{}` row {}, value {}: {}", sql_, rows_ + 1, i + 1, e.what()));
        }
        ++rows_;
        if (buf_.size() >= kChunk) flush();
    }

    std::uint64_t finish() override {
        append_be<std::int16_t>(buf_, -1);
        flush();
        done_ = true;
        PGconn* c = conn_.raw();
        if (PQputCopyEnd(c, nullptr) != 1) throw_connection_error(c, "COPY end failed");
        PGresult* r = PQgetResult(c);
        while (PGresult* extra = PQgetResult(c)) PQclear(extra);
        conn_.check(r, sql_, std::source_location::current());
        const char* n = PQcmdTuples(r);
        const std::uint64_t count = n && *n ? std::stoull(n) : rows_;
        PQclear(r);
        return count;
    }

    void abort() noexcept override {
        if (done_) return;
        done_ = true;
        PGconn* c = conn_.raw();
        if (PQputCopyEnd(c, "aborted by strata: the CopyWriter was destroyed unfinished") == 1) {
            while (PGresult* r = PQgetResult(c)) PQclear(r);
        }
    }

private:
    void flush() {
        if (buf_.empty()) return;
        if (PQputCopyData(conn_.raw(), buf_.data(), static_cast<int>(buf_.size())) != 1) {
            throw_connection_error(conn_.raw(), fmt::format("COPY data failed for `{}`", sql_));
        }
        buf_.clear();
    }

    PgConnection& conn_;
    std::string sql_;
    std::vector<std::uint32_t> types_;
    std::string buf_;
    std::uint64_t rows_ = 0;
    bool done_ = false;
};

}  // namespace

std::unique_ptr<CopyWriter::Sink> PgConnection::copy_in(std::string_view table,
                                                        std::span<const std::string> columns) {
    throw_if_broken("COPY");
    send_deferred(std::source_location::current());
    // The server resolves and quotes the table name, and tells each column's type so values
    // are encoded in the binary form the column expects.
    const std::string table_text(table);
    const char* p1[] = {table_text.c_str()};
    PGresult* r = PQexecParams(
        conn_,
        "SELECT c.oid::regclass::text, a.attname, a.atttypid FROM pg_class c "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "WHERE c.oid = $1::regclass ORDER BY a.attnum",
        1, nullptr, p1, nullptr, nullptr, 0);
    const auto where = std::source_location::current();
    check(r, fmt::format("COPY {}: column lookup", table), where);
    std::unique_ptr<PGresult, decltype(&PQclear)> guard(r, &PQclear);
    if (PQntuples(r) == 0) throw UsageError(fmt::format("COPY: table {} has no columns", table));
    const std::string qualified = PQgetvalue(r, 0, 0);
    std::vector<std::uint32_t> types;
    std::string list;
    auto type_of = [&](std::string_view col) -> std::optional<std::uint32_t> {
        for (int i = 0; i < PQntuples(r); ++i) {
            if (col == PQgetvalue(r, i, 1)) {
                return static_cast<std::uint32_t>(std::stoul(PQgetvalue(r, i, 2)));
            }
        }
        return std::nullopt;
    };
    if (columns.empty()) {
        for (int i = 0; i < PQntuples(r); ++i) {
            if (i) list += ", ";
            list += quote_identifier(PQgetvalue(r, i, 1));
            types.push_back(static_cast<std::uint32_t>(std::stoul(PQgetvalue(r, i, 2))));
        }
    } else {
        for (const auto& col : columns) {
            const auto t = type_of(col);
            if (!t)
                throw UsageError(
                    fmt::format("COPY: table {} has no column \"{}\"", qualified, col));
            if (!list.empty()) list += ", ";
            list += quote_identifier(col);
            types.push_back(*t);
        }
    }
    std::string sql = fmt::format("COPY {} ({}) FROM STDIN (FORMAT binary)", qualified, list);
    PGresult* c = PQexec(conn_, sql.c_str());
    check(c, sql, where);
    const bool copying = PQresultStatus(c) == PGRES_COPY_IN;
    PQclear(c);
    if (!copying) throw Error(fmt::format("`{}` did not start a COPY", sql));
    if (echo_) log::info("sql: {}", sql);
    return std::make_unique<PgCopySink>(*this, std::move(sql), std::move(types));
}

}  // namespace strata::driver::pg
