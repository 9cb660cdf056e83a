// expect: a column is named twice
#include "strata/orm/table.hpp"
struct User {
    std::int64_t id;
    std::string email;
    std::string email2;
};
template <>
struct strata::orm::Table<User> {
    static constexpr std::string_view name = "users";
    static constexpr auto columns =
        std::make_tuple(column("id", &User::id, kPrimaryKey), column("email", &User::email),
                        column("email", &User::email2));
};
static_assert(strata::orm::TableTraits<User>::kColumns == 3);
