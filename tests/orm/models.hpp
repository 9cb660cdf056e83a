// Mapped structs shared by the orm tests: a soft-delete table, a composite-key table, a join.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "strata/core/bytes.hpp"
#include "strata/core/timestamptz.hpp"
#include "strata/orm/table.hpp"

namespace strata::orm::test {

struct Todo {
    std::int64_t id = 0;
    std::int64_t owner_id = 0;
    std::string title;
    std::optional<std::string> note;
    Bytes payload;
    std::int32_t priority = 0;
    std::optional<Timestamptz> created_at;
    std::optional<Timestamptz> updated_at;
    std::optional<Timestamptz> deleted_at;
};

struct Owner {
    std::int64_t id = 0;
    std::string name;
    std::string scratch;  ///< not mapped
};

/// Composite unique key (device, day) for upserts; no soft delete.
struct Reading {
    std::int64_t id = 0;
    std::string device;
    std::int32_t day = 0;
    double value = 0;
};

}  // namespace strata::orm::test

template <>
struct strata::orm::Table<strata::orm::test::Todo> {
    using T = strata::orm::test::Todo;
    static constexpr std::string_view name = "todos";
    static constexpr auto columns = std::make_tuple(
        column("id", &T::id, kPrimaryKey | kGenerated), column("owner_id", &T::owner_id),
        column("title", &T::title), column("note", &T::note), column("payload", &T::payload),
        column("priority", &T::priority), column("created_at", &T::created_at, kGenerated),
        column("updated_at", &T::updated_at), column("deleted_at", &T::deleted_at));
};

template <>
struct strata::orm::Table<strata::orm::test::Owner> {
    using T = strata::orm::test::Owner;
    static constexpr std::string_view name = "owners";
    static constexpr auto columns =
        std::make_tuple(column("id", &T::id, kPrimaryKey), column("name", &T::name));
};

template <>
struct strata::orm::Table<strata::orm::test::Reading> {
    using T = strata::orm::test::Reading;
    static constexpr std::string_view name = "readings";
    static constexpr auto columns = std::make_tuple(
        column("id", &T::id, kPrimaryKey | kGenerated), column("device", &T::device),
        column("day", &T::day), column("value", &T::value));
};
