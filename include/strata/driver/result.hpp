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

    /// PostgreSQL results: every column's format, read once when the result arrives. With it the
    /// decoders fetch cells as CellRefs (ref(), refs()) and check a column's type once per column
    /// instead of building a Cell per value. Empty for SQLite, whose every value has its own
    /// storage class.
    [[nodiscard]] std::span<const ColumnFormat> formats() const { return formats_; }
    /// Cell (row, col) of a result with formats(); NULL outside the result. This default, for
    /// results without formats(), is never asked.
    [[nodiscard]] virtual CellRef ref(std::size_t row, std::size_t col) const {
        (void)row;
        (void)col;
        return {nullptr, -1};
    }
    /// The refs of row in the columns cols, into out[0..cols.size()): one call per row.
    virtual void refs(std::size_t row, std::span<const std::size_t> cols, CellRef* out) const {
        for (std::size_t i = 0; i < cols.size(); ++i) out[i] = ref(row, cols[i]);
    }

    /// A one-slot cache of a column plan (the column index of each mapped field), so that
    /// Row::as<T>() on every row of a result plans once. Safe from several threads: the first
    /// plan stored wins, the others are computed each time.
    bool cached_plan(const void* key, std::size_t* index, std::size_t n) const;
    void cache_plan(const void* key, const std::size_t* index, std::size_t n) const;

protected:
    /// Set by a backend whose columns each have one format (PostgreSQL); f must outlive it.
    void set_formats(std::span<const ColumnFormat> f) { formats_ = f; }

private:
    std::span<const ColumnFormat> formats_;
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

/// Room for N cells (ResultImpl::cells()) or N refs (ResultImpl::refs()) that the backend then
/// writes: not zeroed first (a Cell's member initialisers would clear every cell before the
/// backend overwrites it, on every row).
template <std::size_t N>
struct CellSlots {
    // NOLINTNEXTLINE(modernize-use-equals-default): = default would initialise the cells
    CellSlots() {}
    union {
        Cell cells[N];
        CellRef refs[N];
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
    /// Each column's format on PostgreSQL, empty elsewhere (ResultImpl::formats).
    [[nodiscard]] std::span<const ColumnFormat> column_formats() const {
        return impl_ ? impl_->formats() : std::span<const ColumnFormat>();
    }
    /// Cell (row, col) as a CellRef, for a result with column_formats() (ResultImpl::ref).
    [[nodiscard]] CellRef ref(std::size_t row, std::size_t col) const {
        return impl_->ref(row, col);
    }
    /// The refs of row in the columns cols (ResultImpl::refs), into out.
    void refs(std::size_t row, std::span<const std::size_t> cols, CellRef* out) const {
        impl_->refs(row, cols, out);
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
/// decode_cell_general of the Cell that ref, a value of a column of format f, is.
template <class T>
[[gnu::noinline]] T decode_ref_general(const Result& result, std::size_t col, ColumnFormat f,
                                       CellRef ref) {
    return decode_cell_general<T>(result, col, to_cell(f, ref));
}
}  // namespace detail

namespace detail {
/// Stores a value the inline binary reader accepted into out (T is V or std::optional<V>),
/// in place: a std::string reuses its buffer, and an optional is assigned its value rather
/// than a whole temporary optional (whose two separate stores, reloaded as one 16-byte copy,
/// stalled store forwarding: half the samples of whole-row decoding).
template <class T>
inline void assign_fast(T& out, std::string_view bytes) {
    using V = typename Unoptional<T>::type;
    if constexpr (std::is_same_v<V, std::string>) {
        if constexpr (IsOptional<T>::value) {
            if (out) {
                out->assign(bytes);
            } else {
                out.emplace(bytes);
            }
        } else {
            out.assign(bytes);
        }
    } else {
        out = binary::FastBinary<V>::read(bytes);
    }
}
/// Whether FastBinary<V> reads ref, a cell of a column of format f.
template <class V>
inline bool reads_fast(const ColumnFormat& f, CellRef ref) {
    return f.kind == Cell::Kind::pg_binary && binary::FastBinary<V>::accepts(f.type_oid, ref.size);
}
/// The format of column col, a NULL-only column outside the result.
inline const ColumnFormat& format_of(std::span<const ColumnFormat> formats, std::size_t col) {
    static constexpr ColumnFormat kNoColumn{};
    return col < formats.size() ? formats[col] : kNoColumn;
}
}  // namespace detail

/// Cell col of result as T: the common binary cells (and NULL into std::optional) read inline,
/// the rest through Decoder<T>; a mismatch throws DecodeError naming the column and both types.
template <class T>
inline T decode_cell(const Result& result, std::size_t col, const Cell& cell) {
    using V = typename Unoptional<T>::type;
    if constexpr (binary::FastBinary<V>::enabled) {
        if (cell.kind == Cell::Kind::pg_binary &&
            binary::FastBinary<V>::accepts(cell.type_oid,
                                           static_cast<std::int64_t>(cell.data.size()))) {
            return T(binary::FastBinary<V>::read(cell.data));
        }
    }
    if constexpr (IsOptional<T>::value) {
        if (cell.is_null()) return T();
    }
    return detail::decode_cell_general<T>(result, col, cell);
}

/// Decodes cell col of result into out (decode_cell's rules), assigning in place
/// (detail::assign_fast).
template <class T>
inline void decode_cell_into(T& out, const Result& result, std::size_t col, const Cell& cell) {
    using V = typename Unoptional<T>::type;
    if constexpr (binary::FastBinary<V>::enabled) {
        if (cell.kind == Cell::Kind::pg_binary &&
            binary::FastBinary<V>::accepts(cell.type_oid,
                                           static_cast<std::int64_t>(cell.data.size()))) {
            detail::assign_fast(out, cell.data);
            return;
        }
    }
    if constexpr (IsOptional<T>::value) {
        if (cell.is_null()) {
            out.reset();
            return;
        }
    }
    out = detail::decode_cell_general<T>(result, col, cell);
}

/// Cell ref of column col (of format f, from column_formats()) as T: decode_cell's rules and
/// errors without building a Cell unless the general decoder is needed. A fixed-width binary
/// value is read when its length is the type's (a NULL has none); anything else, a wrong length
/// included, goes to Decoder<T> through the same Cell the result's cell() gives.
template <class T>
inline T decode_ref(const Result& result, std::size_t col, const ColumnFormat& f, CellRef ref) {
    using V = typename Unoptional<T>::type;
    if constexpr (binary::FastBinary<V>::enabled) {
        if (detail::reads_fast<V>(f, ref)) return T(binary::FastBinary<V>::read(ref.bytes()));
    }
    if constexpr (IsOptional<T>::value) {
        if (ref.is_null()) return T();
    }
    return detail::decode_ref_general<T>(result, col, f, ref);
}

/// decode_ref into out, assigning in place (detail::assign_fast).
template <class T>
inline void decode_ref_into(T& out, const Result& result, std::size_t col, const ColumnFormat& f,
                            CellRef ref) {
    using V = typename Unoptional<T>::type;
    if constexpr (binary::FastBinary<V>::enabled) {
        if (detail::reads_fast<V>(f, ref)) {
            detail::assign_fast(out, ref.bytes());
            return;
        }
    }
    if constexpr (IsOptional<T>::value) {
        if (ref.is_null()) {
            out.reset();
            return;
        }
    }
    out = detail::decode_ref_general<T>(result, col, f, ref);
}

namespace detail {
/// Row::get<T>'s path for results without column formats (SQLite) and columns outside the
/// result: out of line, so that the PostgreSQL path inlines.
template <class T>
[[gnu::noinline]] T decode_cell_at(const Result& result, std::size_t row, std::size_t col) {
    return decode_cell<T>(result, col, result.cell(row, col));
}
}  // namespace detail

template <class T>
T Row::get(std::size_t col) const {
    const auto formats = result_->column_formats();
    if (col < formats.size())
        return decode_ref<T>(*result_, col, formats[col], result_->ref(index_, col));
    return detail::decode_cell_at<T>(*result_, index_, col);
}

template <class T>
T Row::get(std::string_view column) const {
    auto col = result_->find_column(column);
    if (!col) throw_no_such_column(*result_, column);
    return get<T>(*col);
}

inline bool Row::is_null(std::size_t col) const {
    if (col < result_->column_formats().size()) return result_->ref(index_, col).is_null();
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

/// The first N cells of a row, fetched with one call (ResultImpl::refs on PostgreSQL, cells
/// elsewhere: one virtual call per row instead of one per cell) and decoded by position with
/// Row::get<T>(i)'s rules and errors. The decoders `strata gen` writes read rows through it. A
/// view into the row's Result.
template <std::size_t N>
class RowCells {
public:
    explicit RowCells(const Row& row) : result_(&row.result()) {
        const auto formats = result_->column_formats();
        if (N <= formats.size()) {
            formats_ = formats.data();
            result_->refs(row.index(), std::span<const std::size_t>(kColumns), slots_.refs);
        } else {
            result_->cells(row.index(), std::span<const std::size_t>(kColumns), slots_.cells);
        }
    }
    /// Cell col decoded as T.
    template <class T>
    [[nodiscard]] T get(std::size_t col) const {
        if (formats_ != nullptr)
            return decode_ref<T>(*result_, col, formats_[col], slots_.refs[col]);
        return decode_cell<T>(*result_, col, slots_.cells[col]);
    }
    /// Cell col decoded into out (a std::string reuses its buffer).
    template <class T>
    void read(std::size_t col, T& out) const {
        if (formats_ != nullptr) {
            decode_ref_into(out, *result_, col, formats_[col], slots_.refs[col]);
        } else {
            decode_cell_into(out, *result_, col, slots_.cells[col]);
        }
    }
    [[nodiscard]] bool is_null(std::size_t col) const {
        return formats_ != nullptr ? slots_.refs[col].is_null() : slots_.cells[col].is_null();
    }

private:
    static constexpr std::array<std::size_t, N> kColumns = [] {
        std::array<std::size_t, N> a{};
        for (std::size_t i = 0; i < N; ++i) a[i] = i;
        return a;
    }();
    const Result* result_;
    const ColumnFormat* formats_ = nullptr;  ///< the columns' formats when slots_ holds refs
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
/// The format of each planned column (PostgreSQL), looked up once per result rather than per
/// row.
template <class T>
struct FormatPlan {
    ColumnFormat format[ColumnPlan<T>::kCount];
};
template <class T>
FormatPlan<T> plan_formats(std::span<const ColumnFormat> formats, const ColumnPlan<T>& plan) {
    FormatPlan<T> out;
    for (std::size_t i = 0; i < ColumnPlan<T>::kCount; ++i)
        out.format[i] = format_of(formats, plan.index[i]);
    return out;
}
/// One PostgreSQL row through the plan into out: its cells fetched as CellRefs in one call (no
/// virtual call per cell), each checked against its column's format and decoded into its member.
template <class T>
void decode_refs_into(T& out, const Result& result, std::size_t row, const ColumnPlan<T>& plan,
                      const FormatPlan<T>& formats) {
    CellSlots<ColumnPlan<T>::kCount> slots;
    CellRef* const refs = slots.refs;
    result.refs(row, std::span<const std::size_t>(plan.index, ColumnPlan<T>::kCount), refs);
    std::size_t i = 0;
    std::apply(
        [&](const auto&... f) {
            ((decode_ref_into(out.*(f.member), result, plan.index[i], formats.format[i], refs[i]),
              ++i),
             ...);
        },
        RowMapping<T>::fields);
}
/// One row through the plan into out: on PostgreSQL decode_refs_into, elsewhere its Cells fetched
/// in one call, each decoded into its member.
template <class T>
void decode_row_into(T& out, const Result& result, std::size_t row, const ColumnPlan<T>& plan) {
    if (const auto formats = result.column_formats(); !formats.empty()) {
        decode_refs_into(out, result, row, plan, plan_formats(formats, plan));
        return;
    }
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
        if (const auto formats = column_formats(); !formats.empty()) {
            const auto per_column = detail::plan_formats(formats, plan);
            for (std::size_t r = 0; r < n; ++r)
                detail::decode_refs_into(out.emplace_back(), *this, r, plan, per_column);
        } else {
            for (std::size_t r = 0; r < n; ++r)
                detail::decode_row_into(out.emplace_back(), *this, r, plan);
        }
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
