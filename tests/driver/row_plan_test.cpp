// Whole-row decoding through a column plan: one cells() call per row, the binary fast path.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "strata/driver/result.hpp"

namespace strata::driver {
namespace {

struct Account {
    std::int64_t id = 0;
    std::string email;
    std::optional<Timestamptz> deleted_at;
};

}  // namespace

template <>
struct RowMapping<Account> {
    static constexpr auto fields =
        std::make_tuple(field("id", &Account::id), field("email", &Account::email),
                        field("deleted_at", &Account::deleted_at));
};

namespace {

std::string be64(std::int64_t v) {
    std::string out(8, '\0');
    auto u = static_cast<std::uint64_t>(v);
    for (int k = 7; k >= 0; --k, u >>= 8U)
        out[static_cast<std::size_t>(k)] = static_cast<char>(u & 0xFFU);
    return out;
}

/// A PostgreSQL-shaped result in memory (binary int8, text, timestamptz columns, the last NULL
/// in odd rows) that counts how it is asked for cells.
class CountingResult final : public ResultImpl {
public:
    explicit CountingResult(std::size_t rows) {
        for (std::size_t r = 0; r < rows; ++r) {
            ids_.push_back(be64(static_cast<std::int64_t>(r) + 1));
            emails_.push_back("user" + std::to_string(r) + "@example.com");
            // 2000-01-01 + r seconds, in PostgreSQL's binary timestamptz.
            stamps_.push_back(be64(static_cast<std::int64_t>(r) * 1'000'000));
        }
    }
    [[nodiscard]] std::size_t rows() const override { return ids_.size(); }
    [[nodiscard]] std::size_t columns() const override { return 3; }
    [[nodiscard]] std::string_view column_name(std::size_t col) const override {
        // Not in the struct's order: the plan finds them by name.
        static constexpr std::string_view kNames[] = {"email", "deleted_at", "id"};
        ++name_calls;
        return kNames[col];
    }
    [[nodiscard]] Cell cell(std::size_t row, std::size_t col) const override {
        ++cell_calls;
        return make(row, col);
    }
    void cells(std::size_t row, std::span<const std::size_t> cols, Cell* out) const override {
        ++cells_calls;
        for (std::size_t i = 0; i < cols.size(); ++i) out[i] = make(row, cols[i]);
    }
    [[nodiscard]] std::uint64_t affected_rows() const override { return 0; }

    mutable int cell_calls = 0;
    mutable int cells_calls = 0;
    mutable int name_calls = 0;

private:
    [[nodiscard]] Cell make(std::size_t row, std::size_t col) const {
        Cell c;
        c.kind = Cell::Kind::pg_binary;
        switch (col) {
            case 0:
                c.type_oid = 25;  // text
                c.data = emails_[row];
                break;
            case 1:
                c.type_oid = 1184;  // timestamptz
                if (row % 2 == 1) {
                    c.kind = Cell::Kind::null;
                } else {
                    c.data = stamps_[row];
                }
                break;
            default:
                c.type_oid = 20;  // int8
                c.data = ids_[row];
        }
        return c;
    }

    std::vector<std::string> ids_, emails_, stamps_;
};

TEST(RowPlan, ResultAsDecodesEachRowWithOneCellsCallAndNoPerCellCall) {
    auto impl = std::make_unique<CountingResult>(4);
    const CountingResult& counts = *impl;
    const Result result(std::move(impl), "SELECT email, deleted_at, id FROM account");
    const auto accounts = result.as<Account>();
    ASSERT_EQ(accounts.size(), 4U);
    EXPECT_EQ(counts.cells_calls, 4);
    EXPECT_EQ(counts.cell_calls, 0);
    EXPECT_EQ(accounts[2].id, 3);
    EXPECT_EQ(accounts[2].email, "user2@example.com");
    ASSERT_TRUE(accounts[2].deleted_at.has_value());
    EXPECT_EQ(accounts[2].deleted_at->unix_micros(), 946'684'800'000'000 + 2'000'000);
    EXPECT_FALSE(accounts[3].deleted_at.has_value());
}

TEST(RowPlan, RowAsOnEveryRowLooksTheColumnsUpOnce) {
    auto impl = std::make_unique<CountingResult>(5);
    const CountingResult& counts = *impl;
    const Result result(std::move(impl), "SELECT email, deleted_at, id FROM account");
    (void)result[0].as<Account>();
    const int first = counts.name_calls;
    EXPECT_GT(first, 0);
    for (std::size_t r = 1; r < result.size(); ++r) {
        const auto a = result[r].as<Account>();
        EXPECT_EQ(a.id, static_cast<std::int64_t>(r) + 1);
        EXPECT_EQ(a.email, "user" + std::to_string(r) + "@example.com");
    }
    EXPECT_EQ(counts.name_calls, first) << "the plan of the first row serves the others";
    EXPECT_EQ(counts.cells_calls, 5);
    EXPECT_EQ(counts.cell_calls, 0);
}

TEST(RowPlan, RowCellsFetchesARowWithOneCallAndDecodesByPosition) {
    auto impl = std::make_unique<CountingResult>(2);
    const CountingResult& counts = *impl;
    const Result result(std::move(impl), "SELECT email, deleted_at, id FROM account");
    const RowCells<3> cells(result[1]);
    EXPECT_EQ(counts.cells_calls, 1);
    EXPECT_EQ(cells.get<std::string>(0), "user1@example.com");
    EXPECT_TRUE(cells.is_null(1));
    EXPECT_EQ(cells.get<std::optional<Timestamptz>>(1), std::nullopt);
    std::string email = "a previous value longer than the small-string buffer";
    cells.read(0, email);
    EXPECT_EQ(email, "user1@example.com");
    std::int64_t id = 0;
    cells.read(2, id);
    EXPECT_EQ(id, 2);
    EXPECT_EQ(counts.cells_calls, 1);
    EXPECT_EQ(counts.cell_calls, 0);
    try {
        (void)cells.get<Timestamptz>(1);
        FAIL() << "NULL decoded into Timestamptz";
    } catch (const DecodeError& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "column 1 \"deleted_at\" (timestamp with time zone NULL) into "
                      "Timestamptz: the value is NULL"),
                  std::string::npos)
            << e.what();
    }
}

Cell binary(std::uint32_t oid, std::string_view data) {
    Cell c;
    c.kind = Cell::Kind::pg_binary;
    c.type_oid = oid;
    c.data = data;
    return c;
}

TEST(RowPlan, TheFastPathReadsWhatTheDecodersReadAndLeavesMismatchesToThem) {
    const Result none(std::make_unique<CountingResult>(1), "SELECT ...");  // names errors
    // The same values the general decoders give.
    const std::string eight = be64(-42), stamp = be64(INT64_MAX);
    EXPECT_EQ(decode_cell<std::int64_t>(none, 0, binary(20, eight)),
              Decoder<std::int64_t>::decode(binary(20, eight)));
    EXPECT_EQ(decode_cell<Timestamptz>(none, 0, binary(1184, stamp)), Timestamptz::infinity());
    EXPECT_EQ(decode_cell<std::optional<std::int64_t>>(none, 0, binary(20, eight)), -42);
    EXPECT_EQ(decode_cell<std::string>(none, 0, binary(1043, "varchar")), "varchar");
    // A wrong size, another type, NULL: the general decoder decides, and reports.
    EXPECT_THROW((void)decode_cell<std::int64_t>(none, 0, binary(20, "1234")), DecodeError);
    EXPECT_THROW((void)decode_cell<std::int64_t>(none, 0, binary(1184, eight)), DecodeError);
    EXPECT_EQ(decode_cell<std::int64_t>(none, 0, binary(23, std::string_view("\0\0\0\7", 4))), 7)
        << "int4 into int64 goes through Decoder<int64>";
    Cell null;
    null.type_oid = 20;
    EXPECT_EQ(decode_cell<std::optional<std::int64_t>>(none, 0, null), std::nullopt);
    EXPECT_THROW((void)decode_cell<std::int64_t>(none, 0, null), DecodeError);
}

/// The same rows as CountingResult, shaped as PgResult serves them: each column's format once
/// (formats()), each value as a CellRef. Row 2's id is 4 bytes, not int8's 8 (what a server
/// sending the wrong length would give); its email is empty (not NULL).
class FormattedResult final : public ResultImpl {
public:
    explicit FormattedResult(std::size_t rows) {
        set_formats(kFormats);
        for (std::size_t r = 0; r < rows; ++r) {
            ids_.push_back(r == 2 ? std::string("\0\0\0\3", 4)
                                  : be64(static_cast<std::int64_t>(r) + 1));
            emails_.push_back(r == 2 ? "" : "user" + std::to_string(r) + "@example.com");
            stamps_.push_back(be64(static_cast<std::int64_t>(r) * 1'000'000));
        }
    }
    [[nodiscard]] std::size_t rows() const override { return ids_.size(); }
    [[nodiscard]] std::size_t columns() const override { return 3; }
    [[nodiscard]] std::string_view column_name(std::size_t col) const override {
        static constexpr std::string_view kNames[] = {"email", "deleted_at", "id"};
        return col < 3 ? kNames[col] : std::string_view();
    }
    [[nodiscard]] Cell cell(std::size_t row, std::size_t col) const override {
        ++cell_calls;
        return to_cell(col < 3 ? kFormats[col] : ColumnFormat{}, make(row, col));
    }
    [[nodiscard]] CellRef ref(std::size_t row, std::size_t col) const override {
        ++ref_calls;
        return make(row, col);
    }
    void refs(std::size_t row, std::span<const std::size_t> cols, CellRef* out) const override {
        ++refs_calls;
        for (std::size_t i = 0; i < cols.size(); ++i) out[i] = make(row, cols[i]);
    }
    [[nodiscard]] std::uint64_t affected_rows() const override { return 0; }

    mutable int cell_calls = 0;
    mutable int ref_calls = 0;
    mutable int refs_calls = 0;

private:
    static constexpr ColumnFormat kFormats[] = {
        {Cell::Kind::pg_binary, 25}, {Cell::Kind::pg_binary, 1184}, {Cell::Kind::pg_binary, 20}};
    static CellRef view(const std::string& s) {
        return {s.data(), static_cast<std::int32_t>(s.size())};
    }
    [[nodiscard]] CellRef make(std::size_t row, std::size_t col) const {
        switch (col) {
            case 0:
                return view(emails_[row]);
            case 1:
                return row % 2 == 1 ? CellRef{nullptr, -1} : view(stamps_[row]);
            case 2:
                return view(ids_[row]);
            default:
                return {nullptr, -1};
        }
    }

    std::vector<std::string> ids_, emails_, stamps_;
};

TEST(RowPlan, PostgresShapedResultsAreReadAsRefsWithoutACellPerValue) {
    auto impl = std::make_unique<FormattedResult>(2);
    const FormattedResult& counts = *impl;
    const Result result(std::move(impl), "SELECT email, deleted_at, id FROM account");
    const auto accounts = result.as<Account>();
    EXPECT_EQ(counts.refs_calls, 2) << "one call per row";
    EXPECT_EQ(accounts[1].id, 2);
    EXPECT_EQ(accounts[1].email, "user1@example.com");
    EXPECT_EQ(accounts[0].deleted_at, Timestamptz(946'684'800'000'000));
    EXPECT_EQ(accounts[1].deleted_at, std::nullopt);
    EXPECT_EQ(result[1].as<Account>().email, "user1@example.com");
    EXPECT_EQ(counts.refs_calls, 3);
    const Row row = result[0];
    EXPECT_EQ(row.get<std::int64_t>(2), 1);
    EXPECT_EQ(row.get<std::string>(0), "user0@example.com");
    EXPECT_FALSE(row.is_null(1));
    EXPECT_TRUE(result[1].is_null(1));
    EXPECT_EQ(counts.ref_calls, 4) << "Row::get and is_null: one ref per cell";
    const RowCells<3> cells(result[1]);
    EXPECT_EQ(counts.refs_calls, 4);
    EXPECT_TRUE(cells.is_null(1));
    EXPECT_EQ(cells.get<std::int64_t>(2), 2);
    EXPECT_EQ(counts.cell_calls, 0) << "no Cell is built for a value read inline";
}

TEST(RowPlan, AWrongLengthOrNullRefIsTheDecodeErrorACellGives) {
    auto impl = std::make_unique<FormattedResult>(3);
    const FormattedResult& counts = *impl;
    const Result result(std::move(impl), "SELECT email, deleted_at, id FROM account");
    const std::string wrong_length =
        "cannot decode column 2 \"id\" (bigint) into int64: malformed binary bigint: 4 bytes, "
        "expected 8 (query: SELECT email, deleted_at, id FROM account)";
    const std::string null =
        "cannot decode column 1 \"deleted_at\" (timestamp with time zone NULL) into Timestamptz: "
        "the value is NULL; decode into std::optional (query: SELECT email, deleted_at, id FROM "
        "account)";
    auto error_of = [](auto&& fn) -> std::string {
        try {
            fn();
        } catch (const DecodeError& e) {
            return e.what();
        }
        return "no error";
    };
    // The Cell path (what every backend has) sets the messages the ref path must give.
    const Cell short_id = result.cell(2, 2);
    EXPECT_EQ(error_of([&] { (void)decode_cell<std::int64_t>(result, 2, short_id); }),
              wrong_length);
    EXPECT_EQ(error_of([&] { (void)decode_cell<Timestamptz>(result, 1, result.cell(1, 1)); }),
              null);
    EXPECT_EQ(error_of([&] { (void)result[2].get<std::int64_t>(2); }), wrong_length);
    EXPECT_EQ(error_of([&] { (void)result[2].get<std::optional<std::int64_t>>(2); }),
              "cannot decode column 2 \"id\" (bigint) into std::optional<int64>: malformed binary "
              "bigint: 4 bytes, expected 8 (query: SELECT email, deleted_at, id FROM account)")
        << "a short value is not NULL";
    EXPECT_EQ(error_of([&] { (void)RowCells<3>(result[2]).get<std::int64_t>(2); }), wrong_length);
    EXPECT_EQ(error_of([&] {
                  std::int64_t id = 0;
                  RowCells<3>(result[2]).read(2, id);
              }),
              wrong_length);
    EXPECT_EQ(error_of([&] { (void)result.as<Account>(); }), wrong_length);
    EXPECT_EQ(error_of([&] { (void)result[2].as<Account>(); }), wrong_length);
    EXPECT_EQ(error_of([&] { (void)result[1].get<Timestamptz>(1); }), null);
    EXPECT_EQ(error_of([&] { (void)RowCells<3>(result[1]).get<Timestamptz>(1); }), null);
    EXPECT_EQ(result[2].get<std::string>(0), "") << "an empty value is not NULL";
    EXPECT_EQ(result[2].get<std::optional<std::string>>(0), std::optional<std::string>(""));
    EXPECT_EQ(error_of([&] { (void)result[0].get<std::int64_t>(3); }),
              "cannot decode column 3 \"\" (NULL) into int64: the value is NULL; decode into "
              "std::optional (query: SELECT email, deleted_at, id FROM account)")
        << "outside the result: a NULL, as before";
    EXPECT_GT(counts.ref_calls, 0);
}

TEST(RowPlan, ReadingIntoAnOptionalAssignsInPlaceAndNullEmptiesIt) {
    const Result result(std::make_unique<FormattedResult>(2), "SELECT ...");
    std::optional<Timestamptz> at = Timestamptz(5);
    std::optional<std::string> email = std::string("an earlier value, longer than 15 chars");
    const RowCells<3> first(result[0]);
    first.read(1, at);
    first.read(0, email);
    EXPECT_EQ(at, Timestamptz(946'684'800'000'000));
    EXPECT_EQ(email, std::optional<std::string>("user0@example.com"));
    const RowCells<3> second(result[1]);
    second.read(1, at);
    EXPECT_EQ(at, std::nullopt) << "NULL empties an engaged optional";
    std::optional<std::string> none;
    second.read(0, none);
    EXPECT_EQ(none, std::optional<std::string>("user1@example.com"));
    // The same through the Cell path (SQLite-shaped results have no formats).
    std::optional<std::int64_t> id = 9;
    Cell null;
    null.type_oid = 20;
    decode_cell_into(id, result, 2, null);
    EXPECT_EQ(id, std::nullopt);
    decode_cell_into(id, result, 2, binary(20, be64(7)));
    EXPECT_EQ(id, 7);
}

}  // namespace
}  // namespace strata::driver
