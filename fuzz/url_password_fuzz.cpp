// libFuzzer harness: a password pasted raw into a URL never appears in the parse error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "strata/core/error.hpp"
#include "strata/core/url.hpp"

namespace {

/// Appears in no message strata writes: in an error, it means the password leaked.
constexpr std::string_view kMarker = "Zq7Wv";

constexpr std::string_view kShapes[] = {
    "postgresql://user:P@db.example.com:5432/app",
    "postgresql://user:P@db.example.com/app?sslmode=require",
    "postgresql://user:P",
    "postgresql://user:P/app",
    "postgresql://user:P@/app?host=/var/run/postgresql",
    "postgres://user:P@[::1]:5432/app",
    "postgresql://user:P@h1:5432,h2:5433/app",
    "postgresql://:P@db.example.com/app",
};

}  // namespace

// Input: byte 0 picks the URL shape, byte 1 where the marker goes, the rest is the password.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    const auto& shape = kShapes[data[0] % std::size(kShapes)];
    std::string password(reinterpret_cast<const char*>(data + 2), size - 2);
    password.insert(data[1] % (password.size() + 1), kMarker);
    const auto p = shape.find('P');
    const std::string url =
        std::string(shape.substr(0, p)) + password + std::string(shape.substr(p + 1));
    try {
        (void)strata::DatabaseUrl::parse(url, "DATABASE_URL");
    } catch (const strata::Error& e) {
        if (std::string_view(e.what()).find(kMarker) != std::string_view::npos) std::abort();
    }
    return 0;
}
