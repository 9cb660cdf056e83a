// strata::codegen alone: the names generated code uses.
#include <strata/codegen/emit.hpp>
#include "check.hpp"

int main() {
    return PACKAGE_CHECK(strata::codegen::snake_case("GetItemByName") == "get_item_by_name");
}
