// The mapped structs of docs/orm.md (snippet "mapping") and what the other examples need.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "strata/core/timestamptz.hpp"
#include "strata/orm/table.hpp"

namespace docs {
struct Owner {
    std::int64_t id = 0;
    std::string name;
};

struct Reading {
    std::int64_t id = 0;
    std::string device;
    std::int32_t day = 0;
    double value = 0;
};
}  // namespace docs

using docs::Owner;
using docs::Reading;

// clang-format off
// snippet:begin mapping
struct Todo { std::int64_t id; std::int64_t owner_id; std::string title;
              std::optional<std::string> note; std::optional<strata::Timestamptz> created_at,
              updated_at, deleted_at; };

template <> struct strata::orm::Table<Todo> {
    static constexpr std::string_view name = "todos";
    static constexpr std::string_view schema = "app";                 // optional
    static constexpr auto columns = std::make_tuple(
        column("id", &Todo::id, kPrimaryKey | kGenerated),             // identity: not inserted, returned
        column("owner_id", &Todo::owner_id), column("title", &Todo::title),
        column("note", &Todo::note),
        column("created_at", &Todo::created_at, kGenerated),           // DEFAULT now()
        column("updated_at", &Todo::updated_at),                       // set by update_by_id (UTC)
        column("deleted_at", &Todo::deleted_at));                      // soft delete, detected by name
};
// snippet:end mapping
// clang-format on

template <>
struct strata::orm::Table<Owner> {
    static constexpr std::string_view name = "owners";
    static constexpr std::string_view schema = "app";
    static constexpr auto columns =
        std::make_tuple(column("id", &Owner::id, kPrimaryKey), column("name", &Owner::name));
};

template <>
struct strata::orm::Table<Reading> {
    static constexpr std::string_view name = "readings";
    static constexpr std::string_view schema = "app";
    static constexpr auto columns = std::make_tuple(
        column("id", &Reading::id, kPrimaryKey | kGenerated), column("device", &Reading::device),
        column("day", &Reading::day), column("value", &Reading::value));
};
