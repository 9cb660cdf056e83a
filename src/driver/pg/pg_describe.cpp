// describe(): PQprepare + PQdescribePrepared of the unnamed statement.
#include "strata/driver/describe.hpp"

#include <libpq-fe.h>

#include <memory>
#include <source_location>

#include "driver/pg/pg_connection.hpp"

namespace strata::driver {

Description describe(Connection& conn, std::string_view sql) {
    auto* pg = dynamic_cast<pg::PgConnection*>(&conn.impl());
    if (pg == nullptr) throw UsageError("describe() needs a PostgreSQL connection");
    pg->throw_if_broken(sql);
    const std::string text(sql);
    const auto where = std::source_location::current();
    PGresult* prepared = PQprepare(pg->raw(), "", text.c_str(), 0, nullptr);
    pg->check(prepared, sql, where);  // clears and throws on failure
    PQclear(prepared);
    PGresult* d = PQdescribePrepared(pg->raw(), "");
    pg->check(d, sql, where);
    std::unique_ptr<PGresult, decltype(&PQclear)> guard(d, &PQclear);
    Description out;
    for (int i = 0; i < PQnparams(d); ++i) out.param_types.push_back(PQparamtype(d, i));
    for (int c = 0; c < PQnfields(d); ++c) {
        out.columns.push_back(DescribedColumn{.name = PQfname(d, c),
                                              .type_oid = PQftype(d, c),
                                              .table_oid = PQftable(d, c),
                                              .column_number = PQftablecol(d, c)});
    }
    return out;
}

}  // namespace strata::driver
