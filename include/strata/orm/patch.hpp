// Patch<T>: a partial update that tells "leave unchanged", "set to NULL" and "set to a value"
// apart.
#pragma once

#include <concepts>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "strata/orm/expr.hpp"

namespace strata::orm {

/// What a Patch does to one column.
enum class PatchState : std::uint8_t { unchanged, null, value };

/// The columns to change and their new values; a column never mentioned is left unchanged.
///
///     auto p = Patch<Todo>{}.set(&Todo::title, "New").set_null(&Todo::due_at);
///
/// set() on a std::optional member with std::nullopt also means NULL. set_null() on a member
/// that is not a std::optional (a NOT NULL column) does not compile.
/// Thread-safety: a value type.
template <TableMapped T>
class Patch {
public:
    /// Sets member to v: the member's own value type, or std::optional of it / std::nullopt
    /// (NULL) for a std::optional member, as UpdateQuery::set; another type does not compile.
    template <class M, class V>
    Patch& set(M T::* member, const V& v) & {
        put(detail::name_of(member), detail::set_parameter<T, M>(v));
        return *this;
    }
    template <class M, class V>
    Patch&& set(M T::* member, const V& v) && {
        return std::move(set(member, v));
    }
    template <class M>
    Patch& set_null(M T::* member) & {
        static_assert(IsOptional<M>::value,
                      "Patch::set_null: the member is not a std::optional, so its column is not "
                      "nullable");
        put(detail::name_of(member), driver::Value{});
        return *this;
    }
    template <class M>
    Patch&& set_null(M T::* member) && {
        return std::move(set_null(member));
    }

    [[nodiscard]] bool empty() const { return entries_.empty(); }
    template <class M>
    [[nodiscard]] PatchState state(M T::* member) const {
        auto name = detail::name_of(member);
        for (const auto& [n, v] : entries_) {
            if (n == name) {
                return std::holds_alternative<std::monostate>(v) ? PatchState::null
                                                                 : PatchState::value;
            }
        }
        return PatchState::unchanged;
    }
    /// (column, value) in the order set; NULL is std::monostate.
    [[nodiscard]] const std::vector<std::pair<std::string_view, driver::Value>>& entries() const {
        return entries_;
    }

private:
    void put(std::string_view name, driver::Value v) {
        for (auto& [n, old] : entries_) {
            if (n == name) {
                old = std::move(v);
                return;
            }
        }
        entries_.emplace_back(name, std::move(v));
    }
    std::vector<std::pair<std::string_view, driver::Value>> entries_;
};

}  // namespace strata::orm
