// Decoding the rows of a joined SELECT into std::tuple<T, Joined...> by column position.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/driver/result.hpp"
#include "strata/orm/query.hpp"

namespace strata::orm::detail {

/// The column plan of table U read from position offset on (select lists name joined tables'
/// columns alike, e.g. two "id"s, so they are found by position, not by name).
template <class U>
driver::detail::ColumnPlan<U> plan_at(std::size_t offset) {
    driver::detail::ColumnPlan<U> plan{};
    for (std::size_t i = 0; i < TableTraits<U>::kColumns; ++i) plan.index[i] = offset + i;
    return plan;
}

/// Element J of a row (U, or std::optional<U> for a left join: nullopt when U's primary-key
/// column is NULL, i.e. no U row matched; a matched row with NULLs elsewhere is a U).
template <class J>
J decode_joined_element(const driver::Result& r, std::size_t row, std::size_t offset,
                        const driver::detail::ColumnPlan<unwrap_t<J>>& plan) {
    using U = unwrap_t<J>;
    if constexpr (!std::is_same_v<J, U>) {
        if (r.cell(row, offset + TableTraits<U>::kPkIndex).is_null()) return std::nullopt;
    }
    return driver::detail::decode_row<U>(r, row, plan);
}

/// Every row of the result of SelectQuery<T, Joined...>::to_sql() as std::tuple<T, Joined...>.
template <class T, class... Joined>
std::vector<std::tuple<T, Joined...>> decode_joined_rows(const driver::Result& r) {
    constexpr std::size_t kTables = 1 + sizeof...(Joined);
    constexpr std::array<std::size_t, kTables> widths{TableTraits<T>::kColumns,
                                                      TableTraits<unwrap_t<Joined>>::kColumns...};
    std::array<std::size_t, kTables> offsets{};
    std::size_t total = 0;
    for (std::size_t i = 0; i < kTables; ++i) {
        offsets[i] = total;
        total += widths[i];
    }
    if (r.columns() != total) {
        throw UsageError("a joined SELECT returned " + std::to_string(r.columns()) +
                         " columns where its tables map " + std::to_string(total) +
                         " (decode a joined query with fetch(), which renders its select list)");
    }
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        using Elements = std::tuple<T, Joined...>;
        const auto plans =
            std::make_tuple(plan_at<unwrap_t<std::tuple_element_t<I, Elements>>>(offsets[I])...);
        std::vector<Elements> out;
        out.reserve(r.size());
        for (std::size_t row = 0; row < r.size(); ++row) {
            out.emplace_back(decode_joined_element<std::tuple_element_t<I, Elements>>(
                r, row, offsets[I], std::get<I>(plans))...);
        }
        return out;
    }(std::make_index_sequence<kTables>{});
}

}  // namespace strata::orm::detail
