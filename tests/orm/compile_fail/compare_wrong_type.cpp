// expect: no match for 'operator=='
#include "strata/orm/expr.hpp"
struct User {
    std::int64_t id;
    std::string email;
};
template <>
struct strata::orm::Table<User> {
    static constexpr std::string_view name = "users";
    static constexpr auto columns = std::make_tuple(
        column("id", &User::id, strata::orm::kPrimaryKey), column("email", &User::email));
};
inline auto e = strata::orm::col(&User::id) == "not a number";
