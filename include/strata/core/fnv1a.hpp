// fnv1a_32 / fnv1a_64: the FNV-1a hash, the one copy behind advisory-lock keys and fitted names.
#pragma once

#include <cstdint>
#include <string_view>

namespace strata {

namespace detail {
template <class H, H kOffsetBasis, H kPrime>
constexpr H fnv1a(std::string_view bytes) {
    H h = kOffsetBasis;
    for (const unsigned char c : bytes) {
        h ^= c;
        h *= kPrime;
    }
    return h;
}
}  // namespace detail

/// FNV-1a 32 of bytes. Stable across processes, platforms and strata versions: names derived
/// with it (fit_identifier) must not change once written into a schema. Thread-safety: pure.
constexpr std::uint32_t fnv1a_32(std::string_view bytes) {
    return detail::fnv1a<std::uint32_t, 2166136261U, 16777619U>(bytes);
}

/// FNV-1a 64 of bytes (advisory-lock keys); stable like fnv1a_32. Thread-safety: pure.
constexpr std::uint64_t fnv1a_64(std::string_view bytes) {
    return detail::fnv1a<std::uint64_t, 14695981039346656037ULL, 1099511628211ULL>(bytes);
}

}  // namespace strata
