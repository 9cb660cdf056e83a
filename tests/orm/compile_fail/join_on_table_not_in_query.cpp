// expect: the ON condition reads a column of a table that is neither in this query's FROM
#include "models.hpp"
struct Coupon {
    std::int64_t id;
    std::int64_t purchase_id;
};
template <>
struct strata::orm::Table<Coupon> {
    static constexpr std::string_view name = "coupons";
    static constexpr auto columns = std::make_tuple(column("id", &Coupon::id, kPrimaryKey),
                                                    column("purchase_id", &Coupon::purchase_id));
};
using namespace strata::orm;
inline auto q = select<User>().join<Coupon>(col(&Coupon::purchase_id) == col(&Purchase::id));
