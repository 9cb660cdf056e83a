// ping_server: libpq's PQping for code outside the driver that waits for a server to come up.
#include <libpq-fe.h>

#include <algorithm>
#include <string>

#include "strata/core/error.hpp"
#include "strata/core/url.hpp"
#include "strata/driver/connection.hpp"

namespace strata::driver {

ServerPing ping_server(std::string_view url, std::chrono::milliseconds timeout) {
    std::string conninfo;
    try {
        const DatabaseUrl parsed = DatabaseUrl::parse(url, "database URL");
        if (!parsed.is_postgres()) return ServerPing::bad_parameters;
        conninfo = parsed.libpq_conninfo();
    } catch (const Error&) {
        return ServerPing::bad_parameters;
    }
    const std::string secs = std::to_string(std::max<long long>(1, (timeout.count() + 999) / 1000));
    // Later entries override earlier ones: the URL's own connect_timeout wins.
    const char* keys[] = {"connect_timeout", "dbname", nullptr};
    const char* vals[] = {secs.c_str(), conninfo.c_str(), nullptr};
    switch (PQpingParams(keys, vals, 1)) {
        case PQPING_OK:
            return ServerPing::accepting;
        case PQPING_REJECT:
            return ServerPing::rejecting;
        case PQPING_NO_RESPONSE:
            return ServerPing::no_response;
        default:
            return ServerPing::bad_parameters;
    }
}

}  // namespace strata::driver
