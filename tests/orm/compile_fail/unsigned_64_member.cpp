// expect: a std::uint64_t member has no PostgreSQL integer type that holds every value
#include "strata/orm/table.hpp"
struct Counter {
    std::int64_t id;
    std::uint64_t hits;
};
template <>
struct strata::orm::Table<Counter> {
    static constexpr std::string_view name = "counters";
    static constexpr auto columns =
        std::make_tuple(column("id", &Counter::id, kPrimaryKey), column("hits", &Counter::hits));
};
static_assert(strata::orm::TableTraits<Counter>::kColumns == 2);
