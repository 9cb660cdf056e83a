// unified_diff: a line diff (LCS over the part between common prefix and suffix) in unified format.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "strata/schema/dump.hpp"

namespace strata::schema {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        auto nl = text.find('\n');
        if (nl == std::string_view::npos) {
            out.push_back(text);
            break;
        }
        out.push_back(text.substr(0, nl));
        text.remove_prefix(nl + 1);
    }
    return out;
}

struct Edit {
    char op;  // ' ', '-', '+'
    std::string_view line;
};

std::vector<Edit> edit_script(const std::vector<std::string_view>& a,
                              const std::vector<std::string_view>& b) {
    std::size_t pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
    std::size_t suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre &&
           a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
        ++suf;
    std::vector<Edit> out;
    // At most every common line plus every differing line of both sides.
    out.reserve(a.size() + b.size() - pre - suf);
    for (std::size_t i = 0; i < pre; ++i) out.push_back({' ', a[i]});
    std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
    if (n * m <= 16'000'000) {
        // lcs[i][j] = LCS length of a[pre+i..] and b[pre+j..]
        std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
        auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
            return lcs[i * (m + 1) + j];
        };
        for (std::size_t i = n; i-- > 0;) {
            for (std::size_t j = m; j-- > 0;) {
                at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1
                                                    : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        std::size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[pre + i] == b[pre + j]) {
                out.push_back({' ', a[pre + i++]});
                ++j;
            } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
                out.push_back({'-', a[pre + i++]});
            } else {
                out.push_back({'+', b[pre + j++]});
            }
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) out.push_back({'-', a[pre + i]});
        for (std::size_t j = 0; j < m; ++j) out.push_back({'+', b[pre + j]});
    }
    for (std::size_t i = a.size() - suf; i < a.size(); ++i) out.push_back({' ', a[i]});
    return out;
}

}  // namespace

std::string unified_diff(std::string_view from, std::string_view to, std::string_view from_name,
                         std::string_view to_name) {
    if (from == to) return {};
    auto edits = edit_script(split_lines(from), split_lines(to));
    constexpr std::size_t kContext = 3;
    std::string out = fmt::format("--- {}\n+++ {}\n", from_name, to_name);
    std::size_t k = 0;
    while (k < edits.size()) {
        if (edits[k].op == ' ') {
            ++k;
            continue;
        }
        // A hunk: from kContext before this change to kContext after the last change that is
        // within 2*kContext lines of the previous one.
        std::size_t start = k > kContext ? k - kContext : 0;
        std::size_t end = k;
        while (true) {
            std::size_t next = end + 1;
            while (next < edits.size() && edits[next].op == ' ') ++next;
            if (next < edits.size() && next - end <= 2 * kContext) {
                end = next;
            } else {
                break;
            }
        }
        std::size_t stop = std::min(edits.size(), end + kContext + 1);
        std::size_t a_line = 1, b_line = 1;
        for (std::size_t i = 0; i < start; ++i) {
            if (edits[i].op != '+') ++a_line;
            if (edits[i].op != '-') ++b_line;
        }
        std::size_t a_len = 0, b_len = 0;
        std::string body;
        for (std::size_t i = start; i < stop; ++i) {
            if (edits[i].op != '+') ++a_len;
            if (edits[i].op != '-') ++b_len;
            body += edits[i].op;
            body += edits[i].line;
            body += '\n';
        }
        out += fmt::format("@@ -{},{} +{},{} @@\n", a_line, a_len, b_line, b_len) + body;
        k = stop;
    }
    return out;
}

}  // namespace strata::schema
