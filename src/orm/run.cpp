// Questions the builder's runners ask the server: whether row-level security applies.
#include "strata/orm/run.hpp"

namespace strata::orm {

bool row_security_applies(Session& s, std::string_view table, std::source_location where) {
    const driver::Value params[] = {driver::to_value(std::string(table))};
    return s.execute("SELECT row_security_active($1::text::regclass)", params, {}, where)
        .scalar<bool>();
}

}  // namespace strata::orm
