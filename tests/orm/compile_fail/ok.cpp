// expect-compiles: the control case; a mapping and queries like the ones below minus the mistake.
#include "strata/orm/repository.hpp"
struct User {
    std::int64_t id;
    std::string email;
    std::optional<std::string> name;
};
template <>
struct strata::orm::Table<User> {
    static constexpr std::string_view name = "users";
    static constexpr auto columns =
        std::make_tuple(column("id", &User::id, kPrimaryKey), column("email", &User::email),
                        column("name", &User::name));
};
static_assert(strata::orm::TableTraits<User>::kColumns == 3);
inline auto q = strata::orm::select<User>().where(strata::orm::col(&User::id) == 1);
inline auto p = strata::orm::Patch<User>{}.set_null(&User::name);
