// strata::autogen alone: the plan between two catalogs (an empty one and one with a schema).
#include <strata/autogen/plan.hpp>
#include <strata/schema/catalog.hpp>

int main() {
    const strata::schema::Catalog empty;
    const auto plan = strata::autogen::plan(empty, empty);
    return strata::autogen::render_plan(plan).find("CREATE") == std::string::npos ? 0 : 1;
}
