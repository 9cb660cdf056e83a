// expect: must point to a member of T itself
#include "strata/orm/table.hpp"
struct Other {
    std::string email;
};
struct User {
    std::int64_t id;
    std::string email;
};
template <>
struct strata::orm::Table<User> {
    static constexpr std::string_view name = "users";
    static constexpr auto columns =
        std::make_tuple(column("id", &User::id, kPrimaryKey), column("email", &Other::email));
};
static_assert(strata::orm::TableTraits<User>::kColumns == 2);
