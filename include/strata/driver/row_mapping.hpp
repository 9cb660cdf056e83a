// RowMapping<T>: the declared column list that decodes a row into a user struct.
#pragma once

#include <string_view>
#include <tuple>

namespace strata::driver {

/// One mapped member: a column name and a pointer to the member that receives it.
template <class T, class M>
struct Field {
    std::string_view name;
    M T::* member;
    using struct_type = T;
    using member_type = M;
};

template <class T, class M>
constexpr Field<T, M> field(std::string_view name, M T::* member) {
    return Field<T, M>{name, member};
}

/// Specialise next to the struct:
///   template <> struct strata::driver::RowMapping<User> {
///       static constexpr auto fields = std::make_tuple(field("id", &User::id), ...);
///   };
/// Row::as<User>() then looks each column up by name (once per Result) and decodes it.
template <class T>
struct RowMapping;

template <class T>
concept Mapped = requires { RowMapping<T>::fields; };

}  // namespace strata::driver
