// Numeric and array wire formats (see pg_codec.hpp).
#include "driver/pg/pg_codec.hpp"

#include <fmt/format.h>

#include <vector>

#include "driver/pg/pg_types.hpp"
#include "strata/core/error.hpp"

namespace strata::driver::pg {

namespace {
constexpr std::uint16_t kNumericPos = 0x0000, kNumericNeg = 0x4000, kNumericNaN = 0xC000,
                        kNumericPInf = 0xD000, kNumericNInf = 0xF000;
}  // namespace

std::string numeric_binary_to_text(std::string_view data) {
    if (data.size() < 8) throw DecodeError("malformed binary numeric: shorter than its header");
    const auto ndigits = read_be<std::int16_t>(data);
    const auto weight = read_be<std::int16_t>(data, 2);
    const auto sign = read_be<std::uint16_t>(data, 4);
    const auto dscale = read_be<std::int16_t>(data, 6);
    if (ndigits < 0 || dscale < 0 || data.size() != 8 + 2 * static_cast<std::size_t>(ndigits)) {
        throw DecodeError("malformed binary numeric: digit count does not match its length");
    }
    if (sign == kNumericNaN) return "NaN";
    if (sign == kNumericPInf) return "Infinity";
    if (sign == kNumericNInf) return "-Infinity";
    if (sign != kNumericPos && sign != kNumericNeg) {
        throw DecodeError(fmt::format("malformed binary numeric: sign 0x{:04x}", sign));
    }
    auto digit = [&](int i) -> int {
        if (i < 0 || i >= ndigits) return 0;
        return read_be<std::int16_t>(data, 8 + 2 * static_cast<std::size_t>(i));
    };
    std::string out;
    out.reserve(static_cast<std::size_t>(ndigits) * 4 + static_cast<std::size_t>(dscale) + 3);
    if (sign == kNumericNeg) out += '-';
    if (weight < 0) {
        out += '0';
    } else {
        for (int i = 0; i <= weight; ++i) {
            const int d = digit(i);
            if (i == 0) {
                fmt::format_to(std::back_inserter(out), "{}", d);
            } else {
                fmt::format_to(std::back_inserter(out), "{:04}", d);
            }
        }
    }
    if (dscale > 0) {
        out += '.';
        std::size_t written = 0;
        for (int i = weight + 1; written < static_cast<std::size_t>(dscale); ++i) {
            char buf[5];
            fmt::format_to(buf, "{:04}", digit(i));
            for (int k = 0; k < 4 && written < static_cast<std::size_t>(dscale); ++k, ++written) {
                out += buf[k];
            }
        }
    }
    return out;
}

std::size_t for_each_binary_element(
    std::string_view data, const std::function<void(std::string_view, std::uint32_t)>& element) {
    if (data.size() < 12) throw DecodeError("malformed binary array: shorter than its header");
    const auto ndim = read_be<std::int32_t>(data);
    const auto elem_oid = read_be<std::uint32_t>(data, 8);
    if (ndim == 0) return 0;
    if (ndim != 1) {
        throw DecodeError(fmt::format(
            "the array has {} dimensions; strata decodes one-dimensional arrays only", ndim));
    }
    if (data.size() < 20) throw DecodeError("malformed binary array: missing its dimension");
    const auto count = read_be<std::int32_t>(data, 12);
    std::size_t pos = 20;
    for (std::int32_t i = 0; i < count; ++i) {
        if (pos + 4 > data.size()) throw DecodeError("malformed binary array: truncated");
        const auto len = read_be<std::int32_t>(data, pos);
        pos += 4;
        if (len < 0) {
            throw DecodeError(fmt::format(
                "element {} of the array is NULL; strata arrays have no NULL elements", i + 1));
        }
        if (pos + static_cast<std::size_t>(len) > data.size()) {
            throw DecodeError("malformed binary array: element overruns the value");
        }
        element(data.substr(pos, static_cast<std::size_t>(len)), elem_oid);
        pos += static_cast<std::size_t>(len);
    }
    return static_cast<std::size_t>(count);
}

std::size_t for_each_text_element(std::string_view data,
                                  const std::function<void(std::string_view)>& element) {
    // An optional "[1:3]=" dimension prefix precedes '{' for non-default lower bounds.
    if (const auto eq = data.find("={"); !data.empty() && data[0] == '[' && eq != data.npos) {
        data.remove_prefix(eq + 1);
    }
    if (data.size() < 2 || data.front() != '{' || data.back() != '}') {
        throw DecodeError(fmt::format("malformed array text \"{}\"", data.substr(0, 80)));
    }
    data = data.substr(1, data.size() - 2);
    std::size_t count = 0;
    std::string buf;
    std::size_t i = 0;
    if (data.empty()) return 0;
    while (i <= data.size()) {
        buf.clear();
        bool quoted = false;
        if (i < data.size() && data[i] == '{') {
            throw DecodeError(
                "the array has several dimensions; strata decodes one-dimensional "
                "arrays only");
        }
        if (i < data.size() && data[i] == '"') {
            quoted = true;
            ++i;
            while (i < data.size() && data[i] != '"') {
                if (data[i] == '\\' && i + 1 < data.size()) ++i;
                buf += data[i++];
            }
            if (i >= data.size()) throw DecodeError("malformed array text: unterminated quote");
            ++i;
        } else {
            while (i < data.size() && data[i] != ',') {
                if (data[i] == '\\' && i + 1 < data.size()) ++i;
                buf += data[i++];
            }
        }
        if (!quoted && buf == "NULL") {
            throw DecodeError(fmt::format(
                "element {} of the array is NULL; strata arrays have no NULL elements", count + 1));
        }
        element(buf);
        ++count;
        if (i >= data.size()) break;
        if (data[i] != ',') throw DecodeError("malformed array text: expected ','");
        ++i;
    }
    return count;
}

}  // namespace strata::driver::pg
