// strata doctor: can strata reach the database, which server is it, is a pooler in front, which
// tools are missing.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "cli_context.hpp"
#include "database_target.hpp"
#include "managed_cluster.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/url.hpp"
#include "strata/driver/connection.hpp"

namespace strata::cli {
namespace {

enum class Verdict { ok, warn, fail };

struct Check {
    std::string name;
    Verdict verdict;
    std::string detail;
};

std::string_view verdict_name(Verdict v) {
    switch (v) {
        case Verdict::ok:
            return "ok";
        case Verdict::warn:
            return "warn";
        case Verdict::fail:
            return "fail";
    }
    return "?";
}

/// 150004 -> "15.4"; SQLite 3040001 -> "3.40.1".
std::string version_text(driver::Backend backend, int v) {
    if (backend == driver::Backend::sqlite) {
        return fmt::format("SQLite {}.{}.{}", v / 1000000, (v / 1000) % 1000, v % 1000);
    }
    return fmt::format("PostgreSQL {}.{}", v / 10000, v % 100);
}

/// A pooler (PgBouncer, Supavisor, pgcat, Odyssey) answers the startup itself and hands the
/// client a backend key of its own, so the pid the protocol reported differs from the pid of the
/// server process that runs our queries. On a direct connection they are always equal.
Check detect_pooler(driver::Connection& conn, bool prepare_off) {
    const int protocol_pid = conn.backend_pid();
    const auto server_pid = conn.query("SELECT pg_backend_pid()").scalar<std::int32_t>();
    if (protocol_pid == server_pid) {
        return {"pooler", Verdict::ok,
                fmt::format("none: direct connection (backend pid {})", server_pid)};
    }
    const std::string found = fmt::format(
        "a connection pooler is in front of the server (protocol pid {}, server backend pid {})",
        protocol_pid, server_pid);
    if (prepare_off) {
        return {"pooler", Verdict::ok,
                found +
                    "; prepare=off is set, so strata's statements are safe in transaction "
                    "pooling mode"};
    }
    return {"pooler", Verdict::warn,
            found + "; in transaction pooling mode add ?prepare=off to the URL"};
}

std::optional<std::filesystem::path> find_tool(std::string_view name,
                                               const std::string& extra_dir) {
    std::error_code ec;
    if (!extra_dir.empty()) {
        auto p = std::filesystem::path(extra_dir) / name;
        if (std::filesystem::exists(p, ec)) return p;
    }
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path != nullptr ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (dir.empty()) continue;
        auto p = std::filesystem::path(dir) / name;
        if (std::filesystem::exists(p, ec)) return p;
    }
    return std::nullopt;
}

void check_tools(const Context& ctx, std::vector<Check>& checks) {
    std::string pg_bin;
    try {
        pg_bin = managed_cluster(ctx.project_dir())->bin_dir();
    } catch (const Error&) {  // no postgres account as root: the tool checks still run
    }
    struct Tool {
        const char* name;
        const char* package;
        const char* purpose;
    };
    for (const Tool& t : {Tool{"initdb", "postgresql-15", "the managed local PostgreSQL"},
                          Tool{"postgres", "postgresql-15", "the managed local PostgreSQL"},
                          Tool{"pg_dump", "postgresql-client-15", "backups of a database"},
                          Tool{"psql", "postgresql-client-15", "an interactive shell"},
                          Tool{"dot", "graphviz", "ER diagrams rendered as images"}}) {
        if (auto p = find_tool(t.name, pg_bin)) {
            checks.push_back({fmt::format("tool {}", t.name), Verdict::ok, p->string()});
        } else {
            checks.push_back(
                {fmt::format("tool {}", t.name), Verdict::warn,
                 fmt::format("not found (for {}): apt-get install {}", t.purpose, t.package)});
        }
    }
}

// Returns false when the configuration itself is malformed (bad input: exit 2).
bool check_database(const Context& ctx, std::vector<Check>& checks) {
    DatabaseTarget target;
    try {
        target = resolve_database(ctx, /*start_managed=*/true);
    } catch (const ConfigError& e) {
        checks.push_back({"configuration", Verdict::fail, log::redact(e.what())});
        return false;
    } catch (const Error& e) {
        checks.push_back({"configuration", Verdict::fail, log::redact(e.what())});
        return true;
    }
    std::string shown = log::redact(target.url);
    std::optional<DatabaseUrl> url;
    try {
        url = DatabaseUrl::parse(target.url, target.origin);
        shown = url->to_string();
    } catch (const Error&) {  // resolve_database validated it already
    }
    checks.push_back(
        {"configuration", Verdict::ok, fmt::format("{} from {}", shown, target.origin)});

    // A check changes nothing: a SQLite file that does not exist yet is reported, not created.
    if (const auto missing = driver::missing_sqlite_file(target.url); !missing.empty()) {
        checks.push_back({"connection", Verdict::warn,
                          fmt::format("the SQLite file {} does not exist yet (`strata up` creates "
                                      "it); not created by doctor",
                                      missing)});
        return true;
    }
    driver::ConnectOptions options;
    options.url = target.url;
    options.read_only = true;
    options.connect_timeout = std::chrono::seconds(5);
    options.application_name = "strata doctor";
    const auto started = std::chrono::steady_clock::now();
    std::optional<driver::Connection> conn;
    try {
        conn.emplace(driver::Connection::open(options));
    } catch (const Error& e) {
        checks.push_back({"connection", Verdict::fail, log::redact(e.what())});
        return true;
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    checks.push_back({"connection", Verdict::ok, fmt::format("connected in {} ms", ms.count())});
    try {
        checks.push_back(
            {"server", Verdict::ok, version_text(conn->backend(), conn->server_version())});
        if (conn->backend() == driver::Backend::postgres) {
            checks.push_back(detect_pooler(*conn, url && url->prepare() == false));
        } else {
            checks.push_back({"pooler", Verdict::ok, "not applicable (SQLite)"});
        }
    } catch (const Error& e) {
        checks.push_back({"server", Verdict::fail, log::redact(e.what())});
    }
    return true;
}

int doctor(Context& ctx) {
    std::vector<Check> checks;
    const bool configuration_ok = check_database(ctx, checks);
    check_tools(ctx, checks);
    bool failed = false;
    for (const auto& c : checks) failed = failed || c.verdict == Verdict::fail;

    if (ctx.global.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& c : checks) {
            list.push_back(
                {{"check", c.name}, {"result", verdict_name(c.verdict)}, {"detail", c.detail}});
        }
        ctx.print_json({{"ok", !failed}, {"checks", list}});
    } else {
        std::size_t width = 0;
        for (const auto& c : checks) width = std::max(width, c.name.size());
        for (const auto& c : checks) {
            const Style s = c.verdict == Verdict::ok     ? Style::good
                            : c.verdict == Verdict::warn ? Style::warn
                                                         : Style::bad;
            ctx.print(fmt::format("{}  {:<{}}  {}",
                                  ctx.style(s, fmt::format("{:<4}", verdict_name(c.verdict))),
                                  c.name, width, c.detail));
        }
    }
    if (!configuration_ok) return kExitUsage;
    return failed ? kExitFailure : kExitOk;
}

}  // namespace

void add_doctor_command(CLI::App& app, Context& ctx) {
    CLI::App* cmd = app.add_subcommand(
        "doctor", "Check the database connection, server version, pooler and missing tools");
    cmd->callback([&ctx] { ctx.action = [&ctx] { return doctor(ctx); }; });
}

}  // namespace strata::cli
