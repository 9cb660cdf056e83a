// Mapped structs keyed by a composite key, a uuid, and each other value type a key can have.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "strata/core/bytes.hpp"
#include "strata/core/date.hpp"
#include "strata/core/numeric.hpp"
#include "strata/core/timestamptz.hpp"
#include "strata/core/uuid.hpp"
#include "strata/orm/table.hpp"

namespace strata::orm::test {

/// A time-series table keyed by (user_id, day), soft-delete, with updated_at and a server
/// default.
struct DailyStat {
    std::int64_t user_id = 0;
    Date day;
    std::int32_t steps = 0;
    std::optional<std::string> note;
    std::optional<Timestamptz> created_at;
    std::optional<Timestamptz> updated_at;
    std::optional<Timestamptz> deleted_at;
};

/// Keyed by a client-made uuid.
struct Device {
    Uuid id;
    std::string name;
};

/// Keyed by one column of type K (table keyed_<suffix>).
template <class K>
struct Keyed {
    K k{};
    std::string v;
};

template <class K>
struct KeyedName;
template <>
struct KeyedName<Date> {
    static constexpr std::string_view name = "keyed_date";
};
template <>
struct KeyedName<Timestamptz> {
    static constexpr std::string_view name = "keyed_ts";
};
template <>
struct KeyedName<Numeric> {
    static constexpr std::string_view name = "keyed_numeric";
};
template <>
struct KeyedName<std::string> {
    static constexpr std::string_view name = "keyed_text";
};
template <>
struct KeyedName<std::int32_t> {
    static constexpr std::string_view name = "keyed_int";
};
template <>
struct KeyedName<std::int16_t> {
    static constexpr std::string_view name = "keyed_small";
};
template <>
struct KeyedName<Bytes> {
    static constexpr std::string_view name = "keyed_bytea";
};
template <>
struct KeyedName<std::int8_t> {
    static constexpr std::string_view name = "keyed_tiny";
};
template <>
struct KeyedName<std::uint32_t> {
    static constexpr std::string_view name = "keyed_u32";
};

/// A row of another table pointing to a Keyed<Bytes> (child of a bytea key).
struct Blob {
    std::int64_t id = 0;
    Bytes digest;
    std::string part;
};

}  // namespace strata::orm::test

template <>
struct strata::orm::Table<strata::orm::test::DailyStat> {
    using T = strata::orm::test::DailyStat;
    static constexpr std::string_view name = "daily_stats";
    static constexpr auto columns =
        std::make_tuple(column("user_id", &T::user_id, kPrimaryKey),
                        column("day", &T::day, kPrimaryKey), column("steps", &T::steps),
                        column("note", &T::note), column("created_at", &T::created_at, kGenerated),
                        column("updated_at", &T::updated_at), column("deleted_at", &T::deleted_at));
};

template <>
struct strata::orm::Table<strata::orm::test::Device> {
    using T = strata::orm::test::Device;
    static constexpr std::string_view name = "devices";
    static constexpr auto columns =
        std::make_tuple(column("id", &T::id, kPrimaryKey), column("name", &T::name));
};

template <class K>
struct strata::orm::Table<strata::orm::test::Keyed<K>> {
    using T = strata::orm::test::Keyed<K>;
    static constexpr std::string_view name = strata::orm::test::KeyedName<K>::name;
    static constexpr auto columns =
        std::make_tuple(column("k", &T::k, kPrimaryKey), column("v", &T::v));
};

template <>
struct strata::orm::Table<strata::orm::test::Blob> {
    using T = strata::orm::test::Blob;
    static constexpr std::string_view name = "blobs";
    static constexpr auto columns = std::make_tuple(
        column("id", &T::id, kPrimaryKey), column("digest", &T::digest), column("part", &T::part));
};
