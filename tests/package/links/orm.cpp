// strata::orm alone: a mapped struct, the query builder and a repository on SQLite.
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include "check.hpp"

#include <strata/orm/repository.hpp>
#include <strata/session/database.hpp>

struct Item {
    std::int64_t id = 0;
    std::string name;
};

template <>
struct strata::orm::Table<Item> {
    static constexpr std::string_view name = "item";
    static constexpr auto columns = std::make_tuple(
        column("id", &Item::id, kPrimaryKey | kGenerated), column("name", &Item::name));
};

int main() {
    strata::DatabaseOptions options;
    options.url = "sqlite::memory:";
    auto db = strata::Database::open(options);
    const auto found = db.transact([](strata::Session& s) {
        s.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        strata::Repository<Item> items{s};
        const auto item = items.insert(Item{.id = 0, .name = "a"});
        return items.get_by_id(item.id);
    });
    return PACKAGE_CHECK(found && found->name == "a");
}
