// The mapped structs the compile-fail snippets share: users and their purchases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "strata/orm/query.hpp"

struct User {
    std::int64_t id;
    std::string email;
    bool active;
    std::optional<std::string> name;
};
struct Purchase {
    std::int64_t id;
    std::int64_t user_id;
    double total;
};
template <>
struct strata::orm::Table<User> {
    static constexpr std::string_view name = "users";
    static constexpr auto columns =
        std::make_tuple(column("id", &User::id, kPrimaryKey), column("email", &User::email),
                        column("active", &User::active), column("name", &User::name));
};
template <>
struct strata::orm::Table<Purchase> {
    static constexpr std::string_view name = "purchases";
    static constexpr auto columns =
        std::make_tuple(column("id", &Purchase::id, kPrimaryKey),
                        column("user_id", &Purchase::user_id), column("total", &Purchase::total));
};
