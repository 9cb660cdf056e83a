// expect-compiles: the control case; a mapping and queries like the ones below minus the mistake.
#include "models.hpp"
#include "strata/orm/related.hpp"
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
// Repository and RelatedLoader reads of their own table (filters and orders checked).
inline auto reads(strata::Repository<User>& users, strata::RelatedLoader<Purchase>& purchases) {
    auto some = users.find(col(&User::active) == true, {desc(&User::id), asc(&User::email)}, 10);
    auto all = users.find({}, {asc(&User::id)});
    auto n = users.count() + users.count(col(&User::id) > 3 || raw("true"));
    auto page = users.page({}, 10, std::nullopt);
    auto one = users.get_one(col(&User::email) == "a");
    auto any = users.exists(Expr());
    auto by_user = purchases.load(&Purchase::user_id, {1, 2}, col(&Purchase::total) > 1.0,
                                  {desc(&Purchase::total)});
    return some.size() + all.size() + page.size() + static_cast<std::size_t>(n) +
           static_cast<std::size_t>(one.has_value() && any) + by_user.size();
}
