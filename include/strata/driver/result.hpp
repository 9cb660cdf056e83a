// Result and Row: a completed statement's rows, decoded on demand into typed values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/driver/binary_decode.hpp"
#include "strata/driver/cell.hpp"
#include "strata/driver/row_mapping.hpp"

namespace strata::driver {

/// Backend-specific storage behind a Result (src/driver/{pg,sqlite}/).
class ResultImpl {
public:
    virtual ~ResultImpl() = default;
    [[nodiscard]] virtual std::size_t rows() const = 0;
    [[nodiscard]] virtual std::size_t columns() const = 0;
    [[nodiscard]] virtual std::string_view column_name(std::size_t col) const = 0;
    [[nodiscard]] virtual Cell cell(std::size_t row, std::size_t col) const = 0;
    /// The cells of row in the columns cols, into out[0..cols.size()): one call per row for
    /// decoding whole rows. This default asks cell() for each.
    virtual void cells(std::size_t row, std::span<const std::size_t> cols, Cell* out) const {
        for (std::size_t i = 0; i < cols.size(); ++i) out[i] = cell(row, cols[i]);
    }
    [[nodiscard]] virtual std::uint64_t affected_rows() const = 0;
};

class Result;

/// [[noreturn]] helpers so the templates below stay small.
[[noreturn]] void throw_decode_error(const Result& result, std::size_t col, const Cell& cell,
                                     std::string_view wanted, std::string_view why);
[[noreturn]] void throw_no_such_column(const Result& result, std::string_view name);
[[noreturn]] void throw_row_count(const Result& result, std::size_t wanted);

/// One row of a Result; a view that must not outlive it.
class Row {
public:
    Row(const Result* result, std::size_t index) : result_(result), index_(index) {}

    template <class T>
    [[nodiscard]] T get(std::size_t col) const;
    template <class T>
    [[nodiscard]] T get(std::string_view column) const;
    [[nodiscard]] bool is_null(std::size_t col) const;
    [[nodiscard]] Cell cell(std::size_t col) const;
    [[nodiscard]] std::size_t index() const { return index_; }

    /// Decodes the whole row into a tuple, column i into element i.
    template <class... Ts>
    [[nodiscard]] std::tuple<Ts...> as_tuple() const;
    /// Decodes the row into a struct with a RowMapping (columns found by name).
    template <Mapped T>
    [[nodiscard]] T as() const;

private:
    const Result* result_;
    std::size_t index_;
};

/// A completed statement. Move-only; rows are views into it.
/// Thread-safety: const members may be called from several threads.
class Result {
public:
    Result() = default;
    explicit Result(std::unique_ptr<ResultImpl> impl, std::string query = {})
        : impl_(std::move(impl)), query_(std::move(query)) {}

    [[nodiscard]] std::size_t size() const { return impl_ ? impl_->rows() : 0; }
    [[nodiscard]] bool empty() const { return size() == 0; }
    [[nodiscard]] std::size_t columns() const { return impl_ ? impl_->columns() : 0; }
    [[nodiscard]] std::string_view column_name(std::size_t col) const {
        return impl_->column_name(col);
    }
    /// Index of the named column; nullopt when absent.
    [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const;
    /// Rows changed by INSERT/UPDATE/DELETE/COPY (0 for other statements).
    [[nodiscard]] std::uint64_t affected_rows() const { return impl_ ? impl_->affected_rows() : 0; }
    [[nodiscard]] const std::string& query() const { return query_; }
    [[nodiscard]] Cell cell(std::size_t row, std::size_t col) const {
        return impl_->cell(row, col);
    }
    /// The cells of row in the columns cols (ResultImpl::cells), into out.
    void cells(std::size_t row, std::span<const std::size_t> cols, Cell* out) const {
        impl_->cells(row, cols, out);
    }

    [[nodiscard]] Row operator[](std::size_t row) const { return Row(this, row); }
    [[nodiscard]] Row at(std::size_t row) const;

    class iterator {
    public:
        using value_type = Row;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        iterator(const Result* r, std::size_t i) : r_(r), i_(i) {}
        Row operator*() const { return Row(r_, i_); }
        iterator& operator++() {
            ++i_;
            return *this;
        }
        iterator operator++(int) {
            auto t = *this;
            ++i_;
            return t;
        }
        bool operator==(const iterator&) const = default;

    private:
        const Result* r_ = nullptr;
        std::size_t i_ = 0;
    };
    [[nodiscard]] iterator begin() const { return {this, 0}; }
    [[nodiscard]] iterator end() const { return {this, size()}; }

    /// The single value of a one-row, one-column result; throws otherwise.
    template <class T>
    [[nodiscard]] T scalar() const {
        if (size() != 1) throw_row_count(*this, 1);
        return Row(this, 0).get<T>(0);
    }
    /// Every row decoded as T (a mapped struct) or, for a scalar T, the first column.
    template <class T>
    [[nodiscard]] std::vector<T> as() const;
    /// nullopt for zero rows, the row for one, throws for more.
    template <class T>
    [[nodiscard]] std::optional<T> one_or_none() const;

private:
    std::unique_ptr<ResultImpl> impl_;
    std::string query_;
};

// ---- templates ----

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
/// T without its std::optional.
template <class T>
struct Unoptional {
    using type = T;
};
template <class T>
struct Unoptional<std::optional<T>> {
    using type = T;
};

/// Readable C++ type name for error messages ("int64", "std::optional<Timestamptz>",
/// "std::vector<std::string>"); the compiler's spelling for user types.
template <class T>
constexpr std::string_view type_name() {
    using U = std::remove_cvref_t<T>;
    if constexpr (std::is_same_v<U, bool>)
        return "bool";
    else if constexpr (std::is_same_v<U, std::int16_t>)
        return "int16";
    else if constexpr (std::is_same_v<U, std::int32_t>)
        return "int32";
    else if constexpr (std::is_same_v<U, std::int64_t>)
        return "int64";
    else if constexpr (std::is_same_v<U, float>)
        return "float";
    else if constexpr (std::is_same_v<U, double>)
        return "double";
    else if constexpr (std::is_same_v<U, std::string>)
        return "std::string";
    else if constexpr (std::is_same_v<U, Bytes>)
        return "Bytes";
    else if constexpr (std::is_same_v<U, Timestamptz>)
        return "Timestamptz";
    else if constexpr (std::is_same_v<U, Date>)
        return "Date";
    else if constexpr (std::is_same_v<U, Uuid>)
        return "Uuid";
    else if constexpr (std::is_same_v<U, Json>)
        return "Json";
    else if constexpr (std::is_same_v<U, Numeric>)
        return "Numeric";
    else if constexpr (std::is_same_v<U, std::vector<bool>>)
        return "std::vector<bool>";
    else if constexpr (std::is_same_v<U, std::vector<std::int16_t>>)
        return "std::vector<int16>";
    else if constexpr (std::is_same_v<U, std::vector<std::int32_t>>)
        return "std::vector<int32>";
    else if constexpr (std::is_same_v<U, std::vector<std::int64_t>>)
        return "std::vector<int64>";
    else if constexpr (std::is_same_v<U, std::vector<float>>)
        return "std::vector<float>";
    else if constexpr (std::is_same_v<U, std::vector<double>>)
        return "std::vector<double>";
    else if constexpr (std::is_same_v<U, std::vector<std::string>>)
        return "std::vector<std::string>";
    else if constexpr (std::is_same_v<U, std::vector<Uuid>>)
        return "std::vector<Uuid>";
    else if constexpr (std::is_same_v<U, std::vector<Timestamptz>>)
        return "std::vector<Timestamptz>";
    else if constexpr (std::is_same_v<U, std::vector<Date>>)
        return "std::vector<Date>";
    else if constexpr (std::is_same_v<U, std::vector<Numeric>>)
        return "std::vector<Numeric>";
    else if constexpr (IsOptional<U>::value)
        return "std::optional<T>";
    else {
        // "... [with T = Foo; std::string_view = ...]" -> "Foo"
        constexpr std::string_view f = __PRETTY_FUNCTION__;
        constexpr auto start = f.find("T = ") + 4;
        constexpr auto end = f.find_first_of(";]", start);
        return f.substr(start, end - start);
    }
}

template <class T>
std::string readable_type_name() {
    if constexpr (IsOptional<std::remove_cvref_t<T>>::value) {
        return "std::optional<" +
               std::string(type_name<typename std::remove_cvref_t<T>::value_type>()) + ">";
    } else {
        return std::string(type_name<T>());
    }
}

template <class T>
T decode_cell(const Result& result, std::size_t col, const Cell& cell);

template <class T>
T decode_cell(const Result& result, std::size_t col, const Cell& cell) {
    using V = typename Unoptional<T>::type;
    if constexpr (binary::FastBinary<V>::enabled) {
        // The common binary cells, read inline; the rest (and every mismatch, reported) below.
        if (cell.kind == Cell::Kind::pg_binary &&
            binary::FastBinary<V>::accepts(cell.type_oid, cell.data.size())) {
            return T(binary::FastBinary<V>::read(cell.data));
        }
    }
    if constexpr (!IsOptional<T>::value) {
        if (cell.is_null())
            throw_decode_error(result, col, cell, readable_type_name<T>(),
                               "the value is NULL; decode into std::optional");
    }
    try {
        return Decoder<T>::decode(cell);
    } catch (const DecodeError& e) {
        throw_decode_error(result, col, cell, readable_type_name<T>(), e.what());
    }
}

template <class T>
T Row::get(std::size_t col) const {
    return decode_cell<T>(*result_, col, result_->cell(index_, col));
}

template <class T>
T Row::get(std::string_view column) const {
    auto col = result_->find_column(column);
    if (!col) throw_no_such_column(*result_, column);
    return get<T>(*col);
}

inline bool Row::is_null(std::size_t col) const {
    return result_->cell(index_, col).is_null();
}
inline Cell Row::cell(std::size_t col) const {
    return result_->cell(index_, col);
}

template <class... Ts>
std::tuple<Ts...> Row::as_tuple() const {
    return [this]<std::size_t... I>(std::index_sequence<I...>) {
        return std::tuple<Ts...>{get<Ts>(I)...};
    }(std::index_sequence_for<Ts...>{});
}

namespace detail {
template <class T>
struct ColumnPlan {
    static constexpr std::size_t kCount = std::tuple_size_v<decltype(RowMapping<T>::fields)>;
    std::size_t index[kCount];
};
template <class T>
ColumnPlan<T> plan_columns(const Result& result) {
    ColumnPlan<T> plan{};
    std::size_t i = 0;
    std::apply(
        [&](const auto&... f) {
            ((
                 plan.index[i] =
                     [&] {
                         // select<T>() renders the fields in order: try the same position first.
                         if (i < result.columns() && result.column_name(i) == f.name) return i;
                         auto c = result.find_column(f.name);
                         if (!c) throw_no_such_column(result, f.name);
                         return *c;
                     }(),
                 ++i),
             ...);
        },
        RowMapping<T>::fields);
    return plan;
}
/// One row through the plan: its cells fetched in one call (no virtual call per cell), each
/// decoded into its member.
template <class T>
T decode_row(const Result& result, std::size_t row, const ColumnPlan<T>& plan) {
    Cell cells[ColumnPlan<T>::kCount];
    result.cells(row, std::span<const std::size_t>(plan.index, ColumnPlan<T>::kCount), cells);
    T out{};
    std::size_t i = 0;
    std::apply(
        [&](const auto&... f) {
            ((out.*(f.member) = decode_cell<typename std::remove_cvref_t<decltype(f)>::member_type>(
                  result, plan.index[i], cells[i]),
              ++i),
             ...);
        },
        RowMapping<T>::fields);
    return out;
}
}  // namespace detail

template <Mapped T>
T Row::as() const {
    return detail::decode_row<T>(*result_, index_, detail::plan_columns<T>(*result_));
}

template <class T>
std::vector<T> Result::as() const {
    std::vector<T> out;
    out.reserve(size());
    if constexpr (Mapped<T>) {
        auto plan = detail::plan_columns<T>(*this);
        for (std::size_t r = 0; r < size(); ++r)
            out.push_back(detail::decode_row<T>(*this, r, plan));
    } else {
        for (std::size_t r = 0; r < size(); ++r) out.push_back(Row(this, r).get<T>(0));
    }
    return out;
}

template <class T>
std::optional<T> Result::one_or_none() const {
    if (size() == 0) return std::nullopt;
    if (size() > 1) throw_row_count(*this, 1);
    if constexpr (Mapped<T>) {
        return Row(this, 0).as<T>();
    } else {
        return Row(this, 0).get<T>(0);
    }
}

}  // namespace strata::driver
