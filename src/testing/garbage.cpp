// collect_garbage: drops clones of dead processes, old CLI clones, old and half-built templates.
#include <algorithm>
#include <ctime>
#include <vector>

#include <fmt/format.h>

#include "cluster/process.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/quote.hpp"
#include "strata/testing/server.hpp"
#include "strata/testing/templates.hpp"
#include "testing/admin_pool.hpp"
#include "testing/sqlite_files.hpp"
#include "testing/template_names.hpp"

namespace strata::testing {
namespace {

using ::strata::quote_identifier;

struct Row {
    std::string name;
    bool is_template = false;
    long long last_used = 0;  ///< from the comment; 0 when unknown
};

/// Every strata test database on the server, with its template flag and recorded last use.
std::vector<Row> list(detail::AdminConnection& conn) {
    // One value per query keeps AdminConnection small: aggregate into a text blob.
    auto blob = conn.query_value(
                        "SELECT string_agg(datname || '|' || datistemplate::text || '|' || "
                        "coalesce(substring(shobj_description(oid, 'pg_database') "
                        "from 'last_used=([0-9]+)'), '0'), E'\\n' ORDER BY datname) "
                        "FROM pg_database WHERE datname LIKE 'strata\\_%'")
                    .value_or("");
    std::vector<Row> rows;
    std::size_t at = 0;
    while (at < blob.size()) {
        auto end = blob.find('\n', at);
        if (end == std::string::npos) end = blob.size();
        std::string line = blob.substr(at, end - at);
        at = end + 1;
        auto a = line.find('|');
        auto b = line.find('|', a + 1);
        if (a == std::string::npos || b == std::string::npos) continue;
        Row row;
        row.name = line.substr(0, a);
        row.is_template = line.substr(a + 1, b - a - 1) == "true";
        row.last_used = std::stoll(line.substr(b + 1));
        if (detail::is_test_database_name(row.name)) rows.push_back(row);
    }
    return rows;
}

void drop(detail::AdminConnection& conn, const std::string& name, bool is_template) {
    if (is_template) {
        conn.exec(fmt::format("ALTER DATABASE {} IS_TEMPLATE false", quote_identifier(name)));
    }
    conn.exec(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_identifier(name)));
}

/// Runs fn while holding the template's build lock, unless a builder holds it (then skips).
template <class Fn>
bool with_template_lock(detail::AdminConnection& conn, const std::string& name, Fn&& fn) {
    auto key = detail::template_lock_key(name);
    if (conn.query_value(fmt::format("SELECT pg_try_advisory_lock({})", key)) != "t") return false;
    try {
        fn();
    } catch (...) {
        conn.exec(fmt::format("SELECT pg_advisory_unlock({})", key));
        throw;
    }
    conn.exec(fmt::format("SELECT pg_advisory_unlock({})", key));
    return true;
}

}  // namespace

GcReport collect_garbage(const GcOptions& options) {
    GcReport report;
    if (options.reap_clusters) report.clusters = reap_orphaned_clusters();
    if (detail::is_sqlite_url(options.admin_url)) {
        auto files = detail::collect_sqlite_garbage(options);
        files.clusters = report.clusters;
        return files;
    }
    auto admin_url = detail::resolve_admin_url(options.admin_url);
    auto lease = detail::admin_lease(admin_url);
    auto& conn = *lease;
    const long long now = std::time(nullptr);
    auto rows = list(conn);

    std::vector<Row> templates;
    for (const auto& row : rows) {
        if (auto owner = detail::clone_owner(row.name)) {
            if (!options.clones ||
                strata::detail::same_process_alive(owner->pid, owner->start_time)) {
                continue;
            }
            drop(conn, row.name, false);
            report.clones.push_back(row.name);
        } else if (auto created = detail::cli_clone_created(row.name)) {
            if (!options.clones || now - *created < options.cli_clone_max_age.count()) continue;
            drop(conn, row.name, false);
            report.clones.push_back(row.name);
        } else if (row.name.ends_with(detail::kBuildingSuffix) || !row.is_template) {
            // Half-built: drop it unless its builder is at work right now.
            if (with_template_lock(conn, row.name, [&] { drop(conn, row.name, false); })) {
                report.templates.push_back(row.name);
            }
        } else {
            templates.push_back(row);
        }
    }

    std::sort(templates.begin(), templates.end(),
              [](const Row& a, const Row& b) { return a.last_used > b.last_used; });
    for (std::size_t i = options.keep_templates; i < templates.size(); ++i) {
        const auto& row = templates[i];
        if (now - row.last_used < options.template_max_age.count()) continue;
        if (with_template_lock(conn, row.name, [&] { drop(conn, row.name, true); })) {
            report.templates.push_back(row.name);
        }
    }
    if (!report.clones.empty() || !report.templates.empty()) {
        log::debug("strata::testing: collected {} clone(s), {} template(s)", report.clones.size(),
                   report.templates.size());
    }
    return report;
}

}  // namespace strata::testing
