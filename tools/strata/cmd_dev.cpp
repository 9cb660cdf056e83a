// strata dev up|down|status|url: the project's managed local PostgreSQL under .strata/.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>

#include "cli_context.hpp"
#include "database_target.hpp"
#include "managed_cluster.hpp"

namespace strata::cli {
namespace {

nlohmann::json status_json(const LocalCluster& cluster, const ClusterStatus& s) {
    return {{"initialized", s.initialized},
            {"running", s.running},
            {"accepting", s.accepting},
            {"pid", s.pid},
            {"version", s.version},
            {"dir", cluster.options().dir.string()},
            {"data_dir", s.data_dir.string()},
            {"log_file", s.log_file.string()},
            {"socket_dir", s.socket_dir},
            {"url", managed_url(cluster)}};
}

void print_status(const Context& ctx, const LocalCluster& cluster, const ClusterStatus& s) {
    const std::string state = s.accepting     ? ctx.style(Style::good, "running")
                              : s.running     ? ctx.style(Style::warn, "starting or stuck")
                              : s.initialized ? ctx.style(Style::warn, "stopped")
                                              : ctx.style(Style::dim, "not created");
    ctx.print(fmt::format("local PostgreSQL: {}{}", state,
                          s.running ? fmt::format(" (pid {})", s.pid) : ""));
    ctx.print(fmt::format("  directory: {}", cluster.options().dir.string()));
    if (s.initialized) ctx.print(fmt::format("  version:   {}", s.version));
    ctx.print(fmt::format("  url:       {}", managed_url(cluster)));
    if (s.initialized) ctx.print(fmt::format("  log:       {}", s.log_file.string()));
}

int dev_up(Context& ctx) {
    load_settings(ctx).refuse_managed_database_in_production(kMainDatabase);
    auto cluster = managed_cluster(ctx.project_dir());
    require_server_binaries(*cluster);
    const bool was_running = cluster->status().accepting;
    const auto started = std::chrono::steady_clock::now();
    const ClusterStatus s = cluster->ensure_running();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    if (ctx.global.json) {
        auto doc = status_json(*cluster, s);
        doc["started"] = !was_running;
        ctx.print_json(doc);
        return kExitOk;
    }
    if (was_running) {
        ctx.note("the local PostgreSQL was already running");
    } else {
        ctx.note(fmt::format("started the local PostgreSQL {} in {} ms", cluster->server_version(),
                             ms.count()));
    }
    print_status(ctx, *cluster, s);
    return kExitOk;
}

int dev_down(Context& ctx) {
    auto cluster = managed_cluster(ctx.project_dir());
    const bool was_running = cluster->status().running;
    if (was_running) cluster->stop(ShutdownMode::fast);
    if (ctx.global.json) {
        ctx.print_json({{"stopped", was_running}, {"dir", cluster->options().dir.string()}});
    } else {
        ctx.print(was_running ? "local PostgreSQL stopped" : "local PostgreSQL was not running");
    }
    return kExitOk;
}

int dev_status(Context& ctx) {
    auto cluster = managed_cluster(ctx.project_dir());
    const ClusterStatus s = cluster->status();
    if (ctx.global.json) {
        ctx.print_json(status_json(*cluster, s));
    } else {
        print_status(ctx, *cluster, s);
    }
    return kExitOk;
}

int dev_url(Context& ctx) {
    load_settings(ctx).refuse_managed_database_in_production(kMainDatabase);
    auto cluster = managed_cluster(ctx.project_dir());
    const ClusterStatus s = cluster->status();
    if (!s.accepting)
        ctx.note("the local PostgreSQL is not running: start it with `strata dev up`");
    if (ctx.global.json) {
        ctx.print_json({{"url", managed_url(*cluster)}, {"running", s.accepting}});
    } else {
        ctx.print(managed_url(*cluster));
    }
    return kExitOk;
}

}  // namespace

void add_dev_command(CLI::App& app, Context& ctx) {
    CLI::App* dev = app.add_subcommand(
        "dev", "The managed local PostgreSQL under .strata/ (up, down, status, url)");
    dev->require_subcommand(1);
    struct Sub {
        const char* name;
        const char* help;
        int (*fn)(Context&);
    };
    for (const Sub& sub : {Sub{"up", "Create (once) and start the local PostgreSQL", dev_up},
                           Sub{"down", "Stop the local PostgreSQL (data is kept)", dev_down},
                           Sub{"status", "Show whether it runs, where, and its URL", dev_status},
                           Sub{"url", "Print the URL of the local PostgreSQL", dev_url}}) {
        CLI::App* cmd = dev->add_subcommand(sub.name, sub.help);
        auto* fn = sub.fn;
        cmd->callback([&ctx, fn] { ctx.action = [&ctx, fn] { return fn(ctx); }; });
    }
}

}  // namespace strata::cli
