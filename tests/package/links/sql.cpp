// strata::sql alone: the PostgreSQL parser's statement splitter.
#include <strata/sql/split.hpp>

#include "check.hpp"

int main() {
    return PACKAGE_CHECK(strata::sql::split("SELECT 1; SELECT ';'; SELECT 3", "inline").size() ==
                         3);
}
