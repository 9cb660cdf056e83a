// Bytes: binary data (PostgreSQL bytea, SQLite BLOB).
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// Owning byte string. Thread-safety: a value type.
class Bytes {
public:
    Bytes() = default;
    explicit Bytes(std::vector<std::uint8_t> data) : data_(std::move(data)) {}
    explicit Bytes(std::string_view raw) : data_(raw.begin(), raw.end()) {}

    /// PostgreSQL's hex text form "\x0a1b..." (and the legacy escape form). Throws UsageError.
    static Bytes parse_pg_text(std::string_view text);
    [[nodiscard]] std::string to_hex() const;  ///< "\x0a1b"

    [[nodiscard]] const std::vector<std::uint8_t>& data() const { return data_; }
    [[nodiscard]] std::vector<std::uint8_t>& data() { return data_; }
    [[nodiscard]] std::size_t size() const { return data_.size(); }
    [[nodiscard]] std::string_view view() const {
        return {reinterpret_cast<const char*>(data_.data()), data_.size()};
    }

    friend auto operator<=>(const Bytes&, const Bytes&) = default;
    friend bool operator==(const Bytes&, const Bytes&) = default;

private:
    std::vector<std::uint8_t> data_;
};

}  // namespace strata

/// Hashes the bytes (unordered containers, Repository<T>::load_many and RelatedLoader on bytea
/// keys); equal Bytes hash equal.
template <>
struct std::hash<strata::Bytes> {
    std::size_t operator()(const strata::Bytes& b) const noexcept {
        return std::hash<std::string_view>{}(b.view());
    }
};
