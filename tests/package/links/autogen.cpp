// strata::autogen alone: the plan between two empty catalogs changes nothing.
#include <strata/autogen/plan.hpp>
#include <strata/schema/catalog.hpp>
#include "check.hpp"

int main() {
    const strata::schema::Catalog empty;
    const auto plan = strata::autogen::plan(empty, empty);
    return PACKAGE_CHECK(strata::autogen::render_plan(plan).find("CREATE") == std::string::npos);
}
