// expect: Repository<T>: the id does not convert to Repository<T>::Key
#include "strata/orm/repository.hpp"
struct DailyStat {
    std::int64_t user_id;
    strata::Date day;
    std::int32_t steps;
};
template <>
struct strata::orm::Table<DailyStat> {
    static constexpr std::string_view name = "daily_stats";
    static constexpr auto columns = std::make_tuple(
        column("user_id", &DailyStat::user_id, kPrimaryKey),
        column("day", &DailyStat::day, kPrimaryKey), column("steps", &DailyStat::steps));
};
// The key is (user_id, day): a tuple of one element is the wrong shape.
inline auto get(strata::Repository<DailyStat>& r) {
    return r.get_by_id(std::tuple<std::int64_t>{1});
}
