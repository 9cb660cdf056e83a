// expect-compiles: the control case; a mapping and queries like the ones below minus the mistake.
#include "models.hpp"
#include "strata/orm/repository.hpp"
using namespace strata::orm;
static_assert(TableTraits<User>::kColumns == 4);
inline auto q = select<User>().where(col(&User::id) == 1);
inline auto p = Patch<User>{}.set_null(&User::name);
inline auto flags = col(&User::active) == true && col(&User::active) != std::optional<bool>();
inline auto texts = col(&User::email) == "a" || col(&User::name) == std::string_view("b") ||
                    col(&User::name) == std::optional<std::string>("c");
inline auto numbers = col(&Purchase::total) > 1 && col(&Purchase::total) < 2.5F &&
                      col(&Purchase::user_id) == std::uint16_t{3} && col(&Purchase::id).in({1, 2});
inline auto joined = select<User>()
                         .join<Purchase>(col(&Purchase::user_id) == col(&User::id))
                         .where(col(&Purchase::total) > 10.0 && col(&User::active) == true)
                         .order_by(desc(&Purchase::total))
                         .to_sql_of<Purchase>();
static_assert(std::is_same_v<decltype(select<User>().left_join<Purchase>(col(&Purchase::user_id) ==
                                                                         col(&User::id)))::row_type,
                             std::tuple<User, std::optional<Purchase>>>);
inline auto updated = update<User>()
                          .set(&User::active, false)
                          .where(col(&User::id) == 1 && col(&User::active) == true)
                          .to_sql();
inline auto deleted = delete_from<Purchase>().where(col(&Purchase::total) > 10.0).to_sql();
inline auto sets = update<User>()
                       .set(&User::id, std::uint16_t{7})
                       .set(&User::email, "a@b")
                       .set(&User::name, std::string_view("n"))
                       .set(&User::name, std::nullopt)
                       .set(&User::name, std::optional<std::string>())
                       .set(&User::active, true)
                       .to_sql();
inline auto patch = Patch<User>{}
                        .set(&User::email, std::string("a@b"))
                        .set(&User::name, "n")
                        .set(&User::name, std::optional<std::string_view>("m"))
                        .set(&User::active, false);
inline auto numbers_set = update<Purchase>().set(&Purchase::total, 3).set(&Purchase::user_id, 4L);
