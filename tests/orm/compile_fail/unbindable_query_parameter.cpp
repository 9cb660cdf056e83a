// expect: strata cannot bind a query parameter of this type: use one of the Value types
#include <map>
#include "strata/driver/connection.hpp"
inline auto tagged(strata::driver::Connection& conn, const std::map<int, int>& tags) {
    return conn.query("SELECT id FROM items WHERE tags = $1", tags);
}
