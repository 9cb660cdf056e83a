// strata::lint alone: the rule catalogue.
#include <strata/lint/rules.hpp>
#include "check.hpp"

int main() {
    return PACKAGE_CHECK(!strata::lint::rules().empty() &&
                         strata::lint::find_rule("no-such-rule") == nullptr);
}
