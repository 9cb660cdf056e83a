// RowCells, Row::as and for_each_row on SQLite: the same values as Row::get<T>(i) for every type,
// NULLs included, and a mismatch still names the column and both types.
#include <gtest/gtest.h>

#include <string>

#include "driver/row_cells_checks.hpp"
#include "driver/sqlite_test_support.hpp"

namespace strata::driver::testing {
namespace {

Connection every_type_sqlite() {
    auto c = Connection::open(temp_db_url("rowcells"));
    create_every_type(c, "TEXT", "TEXT", "bytea");  // exact decimals and arrays: TEXT (sqlite.md)
    return c;
}

TEST(RowCellsSqlite, EveryPathDecodesEveryTypeAndNullAsRowGetDoes) {
    auto c = every_type_sqlite();
    expect_every_path_decodes(c.execute(kSelectEveryType), "sqlite");
    expect_streamed_rows_decode(c);
}

TEST(RowCellsSqlite, AMismatchNamesTheColumnAndBothTypes) {
    auto c = every_type_sqlite();
    const auto result = c.execute(kSelectEveryType);
    const RowCells<kEveryTypeColumns> cells(result[0]);
    const auto wrong_type = decode_error_of([&] { (void)cells.get<std::int64_t>(7); });
    EXPECT_NE(wrong_type.find("column 7 \"text\" (sqlite TEXT) into int64"), std::string::npos)
        << wrong_type;
    const RowCells<kEveryTypeColumns> nulls(result[1]);
    const auto null = decode_error_of([&] { (void)nulls.get<double>(5); });
    EXPECT_NE(null.find("column 5 \"f8\" (NULL) into double: the value is NULL"), std::string::npos)
        << null;
}

}  // namespace
}  // namespace strata::driver::testing
