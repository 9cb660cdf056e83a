// strata::lint alone: the rule catalogue.
#include <strata/lint/rules.hpp>

int main() {
    return !strata::lint::rules().empty() && strata::lint::find_rule("no-such-rule") == nullptr ? 0
                                                                                                : 1;
}
