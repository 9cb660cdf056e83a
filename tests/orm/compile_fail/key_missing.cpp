// expect: Repository<T> needs a primary key
#include "strata/orm/repository.hpp"
struct Event {
    std::int64_t at;
    std::string what;
};
template <>
struct strata::orm::Table<Event> {
    static constexpr std::string_view name = "events";
    static constexpr auto columns =
        std::make_tuple(column("at", &Event::at), column("what", &Event::what));
};
inline auto get(strata::Repository<Event>& r) {
    return r.count();
}
