// strata::codegen alone: the names generated code uses.
#include <strata/codegen/emit.hpp>

int main() {
    return strata::codegen::snake_case("GetItemByName") == "get_item_by_name" ? 0 : 1;
}
