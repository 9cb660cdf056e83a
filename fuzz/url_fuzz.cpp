// libFuzzer harness: DatabaseUrl::parse, then printing and conninfo must not crash or leak.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "strata/core/error.hpp"
#include "strata/core/url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto url = strata::DatabaseUrl::parse(text, "fuzz");
        const auto printed = url.to_string(strata::DatabaseUrl::Password::reveal);
        // What to_string prints must parse back to the same URL.
        if (!(strata::DatabaseUrl::parse(printed, "fuzz round trip") == url)) std::abort();
        if (url.is_postgres()) (void)url.libpq_conninfo();
        (void)url.to_string();
    } catch (const strata::ConfigError&) {
        // rejected input: fine
    }
    return 0;
}
