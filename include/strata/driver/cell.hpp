// Cell: a view of one result field as the backend delivered it, and Decoder<T> over it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/core/bytes.hpp"
#include "strata/core/date.hpp"
#include "strata/core/json.hpp"
#include "strata/core/numeric.hpp"
#include "strata/core/timestamptz.hpp"
#include "strata/core/uuid.hpp"

namespace strata::driver {

/// What a backend hands the decoders. Views stay valid while the Result lives.
struct Cell {
    enum class Kind : std::uint8_t {
        null,
        pg_text,    ///< PostgreSQL text format; data holds the text, type_oid the column type
        pg_binary,  ///< PostgreSQL binary format; data holds network-order bytes
        integer,    ///< SQLite INTEGER in i
        real,       ///< SQLite REAL in d
        text,       ///< SQLite TEXT in data
        blob,       ///< SQLite BLOB in data
    };
    Kind kind = Kind::null;
    std::uint32_t type_oid = 0;  ///< PostgreSQL type OID; 0 for SQLite
    std::string_view data;
    std::int64_t i = 0;
    double d = 0;
    std::string_view declared_type;  ///< SQLite declared column type ("TIMESTAMPTZ"), may be empty

    [[nodiscard]] bool is_null() const { return kind == Kind::null; }
};

/// A PostgreSQL value where the result holds it: its bytes, or size < 0 for NULL. What the
/// bytes are (ColumnFormat) is the same in every row of a column, so the decoders look at it once
/// per column and read each cell as this pair: no Cell built per value.
struct CellRef {
    const char* data;
    std::int32_t size;
    [[nodiscard]] bool is_null() const { return size < 0; }
    [[nodiscard]] std::string_view bytes() const { return {data, static_cast<std::size_t>(size)}; }
};

/// How every value of a PostgreSQL result column is encoded: text or binary, and its type.
struct ColumnFormat {
    Cell::Kind kind = Cell::Kind::null;
    std::uint32_t type_oid = 0;
};

/// The Cell ref is in a column of format f: the same Cell the result's cell() gives.
inline Cell to_cell(const ColumnFormat& f, CellRef ref) {
    Cell c;
    c.type_oid = f.type_oid;
    if (!ref.is_null()) {
        c.kind = f.kind;
        c.data = ref.bytes();
    }
    return c;
}

/// Human name of the cell's type for error messages ("int8", "timestamp without time zone",
/// "sqlite TEXT").
std::string cell_type_name(const Cell& cell);

/// Customisation point: specialise Decoder<T> with `static T decode(const Cell&)` (throwing
/// DecodeError without the column name: Row adds it). Provided for bool, all integer widths
/// (std::int8_t, std::uint8_t, std::uint16_t and std::uint32_t too: read from any integer column
/// and refused with DecodeError when the value does not fit), float, double, std::string, Bytes,
/// Timestamptz, Date, Uuid, Json, Numeric, std::vector of those scalars, and std::optional of any
/// decodable T (NULL -> nullopt).
template <class T, class = void>
struct Decoder;

#define STRATA_DECLARE_DECODER(T)          \
    template <>                            \
    struct Decoder<T> {                    \
        static T decode(const Cell& cell); \
    }
STRATA_DECLARE_DECODER(bool);
STRATA_DECLARE_DECODER(std::int16_t);
STRATA_DECLARE_DECODER(std::int32_t);
STRATA_DECLARE_DECODER(std::int64_t);
STRATA_DECLARE_DECODER(std::int8_t);
STRATA_DECLARE_DECODER(std::uint8_t);
STRATA_DECLARE_DECODER(std::uint16_t);
STRATA_DECLARE_DECODER(std::uint32_t);
STRATA_DECLARE_DECODER(float);
STRATA_DECLARE_DECODER(double);
STRATA_DECLARE_DECODER(std::string);
STRATA_DECLARE_DECODER(Bytes);
STRATA_DECLARE_DECODER(Timestamptz);
STRATA_DECLARE_DECODER(Date);
STRATA_DECLARE_DECODER(Uuid);
STRATA_DECLARE_DECODER(Json);
STRATA_DECLARE_DECODER(Numeric);
STRATA_DECLARE_DECODER(std::vector<bool>);
STRATA_DECLARE_DECODER(std::vector<std::int16_t>);
STRATA_DECLARE_DECODER(std::vector<std::int32_t>);
STRATA_DECLARE_DECODER(std::vector<std::int64_t>);
STRATA_DECLARE_DECODER(std::vector<float>);
STRATA_DECLARE_DECODER(std::vector<double>);
STRATA_DECLARE_DECODER(std::vector<std::string>);
STRATA_DECLARE_DECODER(std::vector<Uuid>);
STRATA_DECLARE_DECODER(std::vector<Timestamptz>);
STRATA_DECLARE_DECODER(std::vector<Date>);
STRATA_DECLARE_DECODER(std::vector<Numeric>);
#undef STRATA_DECLARE_DECODER

/// NULL decodes to nullopt; anything else through Decoder<T>.
template <class T>
struct Decoder<std::optional<T>> {
    static std::optional<T> decode(const Cell& cell) {
        if (cell.is_null()) return std::nullopt;
        return Decoder<T>::decode(cell);
    }
};

}  // namespace strata::driver
