// A struct named like a common table (Order) maps with its plain name inside Table<Order>: the
// orm declares no type of that name (its ORDER BY item is OrderTerm), so lookup from the
// specialization, which searches strata::orm and strata before the global namespace, finds it.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "strata/orm/query.hpp"

struct Order {
    std::int64_t id = 0;
    std::string status;
};

template <>
struct strata::orm::Table<Order> {
    static constexpr std::string_view name = "orders";
    static constexpr auto columns =
        std::make_tuple(column("id", &Order::id, kPrimaryKey), column("status", &Order::status));
};

namespace {

TEST(CommonTableNames, AStructNamedOrderMapsWithItsPlainName) {
    using namespace strata::orm;
    const auto sql = select<Order>()
                         .where(col(&Order::status) == std::string("open"))
                         .order_by(desc(&Order::id))
                         .to_sql(Dialect::postgres);
    EXPECT_EQ(sql.text,
              "SELECT \"orders\".\"id\", \"orders\".\"status\" FROM \"orders\" WHERE "
              "\"orders\".\"status\" = $1 ORDER BY \"orders\".\"id\" DESC");
}

}  // namespace
