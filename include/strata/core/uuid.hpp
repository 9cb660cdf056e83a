// Uuid: 16 bytes, RFC 4122 text form.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace strata {

/// Thread-safety: a value type.
class Uuid {
public:
    constexpr Uuid() = default;
    constexpr explicit Uuid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

    /// Accepts "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", upper case, braces, no hyphens.
    /// Throws UsageError naming the text and the offending position.
    static Uuid parse(std::string_view text);
    /// A random version-4 UUID (OpenSSL RAND_bytes). Thread-safe.
    static Uuid random_v4();
    /// A time-ordered version-7 UUID (RFC 9562; good for primary keys): 48 bits of Unix
    /// milliseconds, then a counter seeded randomly each millisecond, so values from one process
    /// increase strictly even within a millisecond. Thread-safe (a mutex guards the counter).
    static Uuid random_v7();

    [[nodiscard]] constexpr const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
    [[nodiscard]] std::string to_string() const;  ///< lower-case, hyphenated
    /// The version nibble (4 for random_v4, 7 for random_v7).
    [[nodiscard]] constexpr unsigned version() const { return bytes_[6] >> 4U; }

    friend constexpr auto operator<=>(const Uuid&, const Uuid&) = default;

private:
    std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace strata

/// Hashes the 16 bytes (unordered containers, Repository<T>::load_many on uuid keys).
template <>
struct std::hash<strata::Uuid> {
    std::size_t operator()(const strata::Uuid& u) const noexcept {
        std::uint64_t high = 0;
        std::uint64_t low = 0;
        for (std::size_t i = 0; i < 8; ++i) {
            high = high << 8U | u.bytes()[i];
            low = low << 8U | u.bytes()[i + 8];
        }
        // Version-7 UUIDs share their leading timestamp bits: mix both halves.
        return static_cast<std::size_t>(high ^ (low * 0x9e3779b97f4a7c15ULL));
    }
};
