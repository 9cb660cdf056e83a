// libFuzzer harness: parse_dotenv must either return entries or throw ConfigError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "strata/core/dotenv.hpp"
#include "strata/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)strata::parse_dotenv(text, ".env", strata::map_env({{"HOME", "/home/x"}}));
    } catch (const strata::ConfigError&) {
        // rejected input: fine
    }
    return 0;
}
