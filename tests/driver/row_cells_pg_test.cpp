// RowCells, Row::as and for_each_row on PostgreSQL: the same values as Row::get<T>(i) for every
// type in binary and text results, and a mismatch still names the column and both types.
#include <gtest/gtest.h>

#include <string>

#include "driver/row_cells_checks.hpp"
#include "strata/testing/server.hpp"

namespace strata::driver::testing {
namespace {

Connection every_type_pg() {
    auto c = Connection::open(strata::testing::fresh_database_url("rowcells"));
    create_every_type(c, "numeric", "", "bytea");
    return c;
}

TEST(RowCellsPg, EveryPathDecodesEveryTypeAndNullAsRowGetDoesInBinaryAndTextResults) {
    auto c = every_type_pg();
    const auto binary = c.execute(kSelectEveryType);
    // Prepared with binary results: the rows are read by the inline binary readers.
    ASSERT_EQ(binary.cell(0, 9).kind, Cell::Kind::pg_binary);
    expect_every_path_decodes(binary, "binary results");
    ExecOptions text_results;
    text_results.text_results = true;
    const auto text = c.execute(kSelectEveryType, {}, text_results);
    ASSERT_EQ(text.cell(0, 9).kind, Cell::Kind::pg_text);
    expect_every_path_decodes(text, "text results");
}

TEST(RowCellsPg, StreamedRowsDecodeThroughEveryPath) {
    auto c = every_type_pg();
    expect_streamed_rows_decode(c);
    // The plan Row::as made on the first streamed row serves the next statement's rows only if
    // it is the same statement: another column order is planned afresh.
    std::vector<EveryType> reordered;
    c.for_each_row(
        "SELECT amounts, stamps, words, ints, amount, doc, ref, day, at, bytes, text, flag, f8, "
        "f4, i8, i4, i2, id FROM every_type ORDER BY id",
        {}, [&](const Row& row) { reordered.push_back(row.as<EveryType>()); });
    ASSERT_EQ(reordered.size(), 2U);
    expect_same_values(reordered[0], every_type_values(), "reordered columns");
}

TEST(RowCellsPg, AMismatchNamesTheColumnTheTypesAndTheQuery) {
    auto c = every_type_pg();
    const auto result = c.execute(kSelectEveryType);
    const RowCells<kEveryTypeColumns> cells(result[0]);
    const auto wrong_type = decode_error_of([&] { (void)cells.get<std::int64_t>(7); });
    EXPECT_NE(wrong_type.find("column 7 \"text\" (text) into int64"), std::string::npos)
        << wrong_type;
    EXPECT_NE(wrong_type.find("(query: SELECT id, i2"), std::string::npos) << wrong_type;
    const RowCells<kEveryTypeColumns> nulls(result[1]);
    const auto null = decode_error_of([&] { (void)nulls.get<Timestamptz>(9); });
    EXPECT_NE(
        null.find(
            "column 9 \"at\" (timestamp with time zone NULL) into Timestamptz: the value is NULL"),
        std::string::npos)
        << null;
    std::string into;
    const auto read_null = decode_error_of([&] { nulls.read(7, into); });
    EXPECT_NE(read_null.find("column 7 \"text\""), std::string::npos) << read_null;
    // A streamed row's error names the statement too.
    const auto streamed = decode_error_of([&] {
        c.for_each_row(kSelectEveryType, {},
                       [](const Row& row) { (void)RowCells<2>(row).get<bool>(1); });
    });
    EXPECT_NE(streamed.find("column 1 \"i2\" (smallint) into bool"), std::string::npos) << streamed;
    EXPECT_NE(streamed.find("(query: SELECT id, i2"), std::string::npos) << streamed;
}

}  // namespace
}  // namespace strata::driver::testing
