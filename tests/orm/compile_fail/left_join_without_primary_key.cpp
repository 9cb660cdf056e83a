// expect: left_join<U>(): Table<U> has no kPrimaryKey column
#include "models.hpp"
struct Note {
    std::int64_t user_id;
    std::string text;
};
template <>
struct strata::orm::Table<Note> {
    static constexpr std::string_view name = "notes";
    static constexpr auto columns =
        std::make_tuple(column("user_id", &Note::user_id), column("text", &Note::text));
};
using namespace strata::orm;
inline auto q = select<User>().left_join<Note>(col(&Note::user_id) == col(&User::id));
