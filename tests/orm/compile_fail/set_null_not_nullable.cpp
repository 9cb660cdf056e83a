// expect: the member is not a std::optional, so its column is not nullable
#include "strata/orm/patch.hpp"
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
inline auto p = strata::orm::Patch<User>{}.set_null(&User::email);
