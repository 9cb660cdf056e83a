// Result and Row: a completed statement's rows, decoded on demand into typed values.
#pragma once

#include <array>
#include <atomic>
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

    /// A one-slot cache of a column plan (the column index of each mapped field), so that
    /// Row::as<T>() on every row of a result plans once. Safe from several threads: the first
    /// plan stored wins, the others are computed each time.
    bool cached_plan(const void* key, std::size_t* index, std::size_t n) const;
    void cache_plan(const void* key, const std::size_t* index, std::size_t n) const;

private:
    static constexpr std::size_t kPlanSlots = 16;
    mutable std::atomic<const void*> plan_key_{nullptr};
    mutable std::array<std::size_t, kPlanSlots> plan_{};
    static constexpr char kPlanBusy = 0;  ///< its address marks a plan being stored
};

inline bool ResultImpl::cached_plan(const void* key, std::size_t* index, std::size_t n) const {
    if (n > kPlanSlots || plan_key_.load(std::memory_order_acquire) != key) return false;
    for (std::size_t i = 0; i < n; ++i) index[i] = plan_[i];
    return true;
}
inline void ResultImpl::cache_plan(const void* key, const std::size_t* index, std::size_t n) const {
    const void* expected = nullptr;
    if (n > kPlanSlots ||
        !plan_key_.compare_exchange_strong(expected, &kPlanBusy, std::memory_order_acquire)) {
        return;
    }
    for (std::size_t i = 0; i < n; ++i) plan_[i] = index[i];
    plan_key_.store(key, std::memory_order_release);
}

class Result;

/// [[noreturn]] helpers so the templates below stay small.
[[noreturn]] void throw_decode_error(const Result& result, std::size_t col, const Cell& cell,
                                     std::string_view wanted, std::string_view why);
[[noreturn]] void throw_no_such_column(const Result& result, std::string_view name);
[[noreturn]] void throw_row_count(const Result& result, std::size_t wanted);

/// Room for N cells that ResultImpl::cells() then writes: not zeroed first (a Cell's member
/// initialisers would clear every cell before the backend overwrites it, on every row).
template <std::size_t N>
struct CellSlots {
    // NOLINTNEXTLINE(modernize-use-equals-default): = default would initialise the cells
    CellSlots() {}
    union {
        Cell cells[N];
    };
};

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
    [[nodiscard]] const Result& result() const { return *result_; }

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

    /// Row::as<T>()'s plan cache (ResultImpl::cached_plan); false without a result.
    bool cached_plan(const void* key, std::size_t* index, std::size_t n) const {
        return impl_ && impl_->cached_plan(key, index, n);
    }
    void cache_plan(const void* key, const std::size_t* index, std::size_t n) const {
        if (impl_) impl_->cache_plan(key, index, n);
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
    else if constexpr (std::is_same_v<U, std::int8_t>)
        return "int8";
    else if constexpr (std::is_same_v<U, std::uint8_t>)
        return "uint8";
    else if constexpr (std::is_same_v<U, std::uint16_t>)
        return "uint16";
    else if constexpr (std::is_same_v<U, std::uint32_t>)
        return "uint32";
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

namespace detail {
/// Everything decode_cell does not read inline: other types and formats, SQLite, NULL into a
/// non-optional, and the errors naming the column and both types. Out of line, so that the
/// inline part stays a few compares.
template <class T>
[[gnu::noinline]] T decode_cell_general(const Result& result, std::size_t col, const Cell& cell) {
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
}  // namespace detail

/// Cell col of result as T: the common binary cells (and NULL into std::optional) read inline,
/// the rest through Decoder<T>; a mismatch throws DecodeError naming the column and both types.
template <class T>
inline T decode_cell(const Result& result, std::size_t col, const Cell& cell) {
    using V = typename Unoptional<T>::type;
    if constexpr (binary::FastBinary<V>::enabled) {
        if (cell.kind == Cell::Kind::pg_binary &&
            binary::FastBinary<V>::accepts(cell.type_oid, cell.data.size())) {
            return T(binary::FastBinary<V>::read(cell.data));
        }
    }
    if constexpr (IsOptional<T>::value) {
        if (cell.is_null()) return T();
    }
    return detail::decode_cell_general<T>(result, col, cell);
}

/// Decodes cell col of result into out (decode_cell's rules); a std::string is assigned in place,
/// reusing out's buffer.
template <class T>
inline void decode_cell_into(T& out, const Result& result, std::size_t col, const Cell& cell) {
    if constexpr (std::is_same_v<T, std::string>) {
        if (cell.kind == Cell::Kind::pg_binary &&
            binary::FastBinary<std::string>::accepts(cell.type_oid, cell.data.size())) {
            out.assign(cell.data);
            return;
        }
    }
    out = decode_cell<T>(result, col, cell);
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

/// The first N cells of a row, fetched with one call (ResultImpl::cells: one virtual call per
/// row instead of one per cell) and decoded by position with Row::get<T>(i)'s rules and errors.
/// The decoders `strata gen` writes read rows through it. A view into the row's Result.
template <std::size_t N>
class RowCells {
public:
    explicit RowCells(const Row& row) : result_(&row.result()) {
        result_->cells(row.index(), std::span<const std::size_t>(kColumns), slots_.cells);
    }
    /// Cell col decoded as T.
    template <class T>
    [[nodiscard]] T get(std::size_t col) const {
        return decode_cell<T>(*result_, col, slots_.cells[col]);
    }
    /// Cell col decoded into out (a std::string reuses its buffer).
    template <class T>
    void read(std::size_t col, T& out) const {
        decode_cell_into(out, *result_, col, slots_.cells[col]);
    }
    [[nodiscard]] bool is_null(std::size_t col) const { return slots_.cells[col].is_null(); }

private:
    static constexpr std::array<std::size_t, N> kColumns = [] {
        std::array<std::size_t, N> a{};
        for (std::size_t i = 0; i < N; ++i) a[i] = i;
        return a;
    }();
    const Result* result_;
    CellSlots<N> slots_;
};

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
    const std::size_t columns = result.columns();
    std::apply(
        [&](const auto&... f) {
            ((
                 plan.index[i] =
                     [&] {
                         // select<T>() renders the fields in order: try the same position first.
                         if (i < columns && result.column_name(i) == f.name) return i;
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
/// A distinct address per T: the key of T's plan in a result's plan cache.
template <class T>
inline constexpr char kPlanKey = 0;
/// T's plan for result, made once per result (Row::as<T>() on every row plans once).
template <class T>
ColumnPlan<T> cached_plan(const Result& result) {
    ColumnPlan<T> plan;
    if (result.cached_plan(&kPlanKey<T>, plan.index, ColumnPlan<T>::kCount)) return plan;
    plan = plan_columns<T>(result);
    result.cache_plan(&kPlanKey<T>, plan.index, ColumnPlan<T>::kCount);
    return plan;
}
/// One row through the plan into out: its cells fetched in one call (no virtual call per cell),
/// each decoded into its member.
template <class T>
void decode_row_into(T& out, const Result& result, std::size_t row, const ColumnPlan<T>& plan) {
    CellSlots<ColumnPlan<T>::kCount> slots;
    Cell* const cells = slots.cells;
    result.cells(row, std::span<const std::size_t>(plan.index, ColumnPlan<T>::kCount), cells);
    std::size_t i = 0;
    std::apply(
        [&](const auto&... f) {
            ((decode_cell_into(out.*(f.member), result, plan.index[i], cells[i]), ++i), ...);
        },
        RowMapping<T>::fields);
}
template <class T>
T decode_row(const Result& result, std::size_t row, const ColumnPlan<T>& plan) {
    T out{};
    decode_row_into(out, result, row, plan);
    return out;
}
}  // namespace detail

template <Mapped T>
T Row::as() const {
    return detail::decode_row<T>(*result_, index_, detail::cached_plan<T>(*result_));
}

template <class T>
std::vector<T> Result::as() const {
    std::vector<T> out;
    const std::size_t n = size();
    out.reserve(n);
    if constexpr (Mapped<T>) {
        const auto plan = detail::plan_columns<T>(*this);
        for (std::size_t r = 0; r < n; ++r)
            detail::decode_row_into(out.emplace_back(), *this, r, plan);
    } else {
        for (std::size_t r = 0; r < n; ++r) out.push_back(Row(this, r).get<T>(0));
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
