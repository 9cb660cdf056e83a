// expect: a member has a type strata cannot bind and decode
#include <map>
#include "strata/orm/table.hpp"
struct User {
    std::int64_t id;
    std::map<int, int> tags;
};
template <>
struct strata::orm::Table<User> {
    static constexpr std::string_view name = "users";
    static constexpr auto columns =
        std::make_tuple(column("id", &User::id, kPrimaryKey), column("tags", &User::tags));
};
static_assert(strata::orm::TableTraits<User>::kColumns == 2);
