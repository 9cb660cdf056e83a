// expect: upsert(value): a primary-key column is kGenerated
#include "strata/orm/repository.hpp"
struct Todo {
    std::int64_t id;
    std::string title;
};
template <>
struct strata::orm::Table<Todo> {
    static constexpr std::string_view name = "todos";
    static constexpr auto columns = std::make_tuple(
        column("id", &Todo::id, kPrimaryKey | kGenerated), column("title", &Todo::title));
};
// An identity key is never inserted, so it cannot conflict: upsert needs the unique columns.
inline Todo save(strata::Repository<Todo>& r, const Todo& t) {
    return r.upsert(t);
}
