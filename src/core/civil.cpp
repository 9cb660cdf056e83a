// Calendar text scanning and formatting shared by Date and Timestamptz.
#include "core/civil.hpp"

namespace strata::detail {

namespace {

/// Reads exactly n digits at text[pos]; false when any is missing.
bool read_fixed(std::string_view text, std::size_t pos, std::size_t n, unsigned& out) {
    if (pos + n > text.size()) return false;
    unsigned v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!is_digit(text[i])) return false;
        v = v * 10 + static_cast<unsigned>(text[i] - '0');
    }
    out = v;
    return true;
}

}  // namespace

std::size_t scan_civil_date(std::string_view text, CivilDate& out, const char** why) {
    std::size_t pos = 0;
    std::int64_t year = 0;
    while (pos < text.size() && is_digit(text[pos])) {
        if (pos == 7) {
            *why = "the year has more than 7 digits";
            return 0;
        }
        year = year * 10 + (text[pos] - '0');
        ++pos;
    }
    if (pos < 4) {
        *why = "expected a date as YYYY-MM-DD";
        return 0;
    }
    unsigned month = 0;
    unsigned day = 0;
    if (pos >= text.size() || text[pos] != '-' || !read_fixed(text, pos + 1, 2, month) ||
        pos + 3 >= text.size() || text[pos + 3] != '-' || !read_fixed(text, pos + 4, 2, day)) {
        *why = "expected a date as YYYY-MM-DD";
        return 0;
    }
    if (month < 1 || month > 12) {
        *why = "the month is not between 01 and 12";
        return 0;
    }
    if (day < 1 || day > 31) {
        *why = "the day is not between 01 and 31";
        return 0;
    }
    out = {year, month, day};
    return pos + 6;
}

bool resolve_era(CivilDate& date, bool bc, const char** why) {
    if (date.year == 0) {
        *why = "there is no year 0 (1 BC is followed by 1 AD; PostgreSQL prints it as 0001 BC)";
        return false;
    }
    if (bc) date.year = 1 - date.year;
    if (date.day > days_in_month(date.year, date.month)) {
        *why = date.month == 2 && date.day == 29 ? "February 29 in a year that is not a leap year"
                                                 : "the day does not exist in that month";
        return false;
    }
    return true;
}

bool strip_era(std::string_view& text) {
    if (text.size() < 3 || text[text.size() - 3] != ' ') return false;
    const std::string_view era = text.substr(text.size() - 2);
    const bool bc = iequals(era, "BC");
    if (bc || iequals(era, "AD")) {
        text.remove_suffix(3);
        while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    }
    return bc;
}

void append_civil_date(std::string& out, const CivilDate& date, bool* bc) {
    *bc = date.year <= 0;
    std::int64_t y = *bc ? 1 - date.year : date.year;
    char digits[24];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + y % 10);
        y /= 10;
    } while (y > 0);
    for (int i = n; i < 4; ++i) out.push_back('0');
    while (n > 0) out.push_back(digits[--n]);
    out.push_back('-');
    append_2(out, date.month);
    out.push_back('-');
    append_2(out, date.day);
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::string_view trim(std::string_view text) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return text;
}

std::string shown(std::string_view text) {
    constexpr std::size_t kMax = 80;
    constexpr char kHex[] = "0123456789abcdef";
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c >= 0x7f) {
            out += "\\x";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xf]);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    out += text.size() > kMax ? "'..." : "'";
    return out;
}

}  // namespace strata::detail
