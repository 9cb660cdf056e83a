// Verification of a plan on scratch databases: up reaches the desired catalog, down the current.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "strata/autogen/plan.hpp"
#include "strata/core/error.hpp"
#include "strata/schema/catalog.hpp"
#include "strata/schema/diff.hpp"
#include "strata/schema/introspect.hpp"

namespace strata::autogen {

/// A plan that did not converge or failed to apply: the message names the direction, the
/// statement or every object that differs. Exit code 1.
class VerificationError : public Error {
public:
    using Error::Error;
};

/// Where verification gets a scratch PostgreSQL database and gives it back (the CLI and tests
/// pass strata::testing::Server).
struct Scratch {
    std::function<std::string()> create;           ///< returns a URL of an empty database
    std::function<void(const std::string&)> drop;  ///< drops it (must not throw)
    /// Optional: returns the URL of a scratch database holding exactly the schema current was
    /// read from (e.g. the database the migrations were just applied to), which verification
    /// may change and then drops. Verification then starts from it instead of replaying the
    /// current schema's dump into a new one, and compares the down with current itself: for a
    /// 1,000-table schema that is most of its time (docs/benchmarks.md).
    std::function<std::string()> current_database{};
};

/// PlanOptions::extension_update_path answered by the server scratch databases come from
/// (pg_extension_update_paths in a scratch database, created when asked: only for an
/// extension whose version changes).
[[nodiscard]] ExtensionUpdatePath server_update_paths(const Scratch& scratch);

/// What verification saw.
struct Verified {
    std::size_t up_statements = 0;
    std::size_t down_statements = 0;
};

/// Builds current in a scratch database (from current's dump, unless scratch.current_database
/// gives one), applies the plan's up statements one
/// by one (outside a transaction, as a no-transaction migration would), checks that the
/// catalog equals desired, applies the down and checks it equals the current one again.
/// Column order is compared as PostgreSQL can change it: a column added in the middle of a
/// desired table is appended. Throws VerificationError listing the objects that did not
/// converge, or the statement that failed with the server's message.
Verified verify(const Plan& plan, const schema::Catalog& current, const schema::Catalog& desired,
                const Scratch& scratch, const schema::IntrospectOptions& options = {});

/// The catalogs as verification compares them: each table's columns by name.
[[nodiscard]] std::vector<schema::Difference> converge_differences(const schema::Catalog& actual,
                                                                   const schema::Catalog& wanted);

}  // namespace strata::autogen
