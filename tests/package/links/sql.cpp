// strata::sql alone: the PostgreSQL parser's statement splitter.
#include <strata/sql/split.hpp>

int main() {
    return strata::sql::split("SELECT 1; SELECT ';'; SELECT 3", "inline").size() == 3 ? 0 : 1;
}
