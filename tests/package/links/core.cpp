// strata::core alone: value types and identifier quoting.
#include <strata/core/quote.hpp>
#include <strata/core/uuid.hpp>
#include "check.hpp"

int main() {
    const auto id = strata::Uuid::parse("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11");
    return PACKAGE_CHECK(id.to_string() == "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" &&
                         strata::quote_identifier("a b") == "\"a b\"");
}
