// Plumbing shared by the migration commands.
#include "migrate_support.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <limits>
#include <system_error>

namespace strata::cli {

void add_lock_timeout_flag(CLI::App& command, int& seconds, const std::string& help) {
    command.add_option("--lock-timeout", seconds, help)
        ->type_name("SECONDS")
        ->check(CLI::Validator(
            [](const std::string& value) -> std::string {
                int parsed = 0;
                const auto* end = value.data() + value.size();
                const auto [at, ec] = std::from_chars(value.data(), end, parsed);
                if (value.empty() || ec != std::errc() || at != end || parsed < 0) {
                    return fmt::format(
                        "\"{}\" is not a number of seconds (a whole number from 0 to {})", value,
                        std::numeric_limits<int>::max());
                }
                return {};
            },
            "SECONDS"));
}

void add_run_flags(CLI::App& command, RunFlags& flags) {
    add_lock_timeout_flag(command, flags.lock_timeout_s,
                          "Seconds to wait for another run's migration lock");
    command.add_flag("--allow-edited", flags.allow_edited,
                     "Run even though an applied migration's file changed");
    command.add_flag("--strict", flags.strict,
                     "Refuse pending migrations older than the newest applied one");
    command.add_flag("--sql", flags.sql, "Print the SQL that would run; change nothing");
}

std::filesystem::path migrations_dir(const Settings& settings) {
    return settings.migrations().dir.empty() ? settings.project_dir() / "db" / "migrations"
                                             : settings.migrations().dir;
}

bool note_long_migrations(const Context& ctx, const Settings& settings, std::string_view why) {
    constexpr std::uintmax_t kLong = std::uintmax_t{8} << 20;
    std::uintmax_t total = 0;
    std::error_code ec;
    const auto dir = migrations_dir(settings);
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".sql") continue;
        const auto size = entry.file_size(ec);
        if (!ec) total += size;
    }
    if (total < kLong) return false;
    ctx.note(fmt::format("reading {} MB of migrations in {} ({})", total >> 20, dir.string(), why));
    return true;
}

migrate::MigratorOptions migrator_options(const Context& ctx, const Settings& settings,
                                          const DatabaseTarget& target, const RunFlags& flags) {
    migrate::MigratorOptions o;
    o.url = target.url;
    o.migrations_dir = migrations_dir(settings);
    o.history.table = settings.migrations().table;
    o.history.schema = settings.migrations().schema;
    o.lock_timeout = std::chrono::seconds(flags.lock_timeout_s);
    o.allow_edited = flags.allow_edited;
    o.strict = flags.strict;
    o.force = flags.force;
    o.report = [&ctx](const std::string& line) { ctx.note(line); };
    o.warn = [&ctx](const std::string& line) { ctx.warn(line); };
    return o;
}

nlohmann::json to_json(const migrate::AppliedMigration& row) {
    return {{"version", row.version},
            {"name", row.name},
            {"checksum", row.checksum},
            {"description", row.description},
            {"applied_at", row.applied_at.to_string()},
            {"execution_ms", row.execution_ms},
            {"applied_by", row.applied_by},
            {"apply_order", row.apply_order},
            {"tool_version", row.tool_version},
            {"transactional", row.transactional},
            {"statements_done", row.statements_done},
            {"statements_total", row.statements_total},
            {"complete", row.complete},
            {"down_done", row.down_done},
            {"down_total", row.down_total}};
}

nlohmann::json to_json(const migrate::StatusReport& report) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : report.entries) {
        nlohmann::json j{
            {"version", e.version}, {"name", e.name}, {"state", migrate::to_string(e.state)}};
        if (e.file) j["file"] = e.file->path.string();
        if (e.applied) j["applied"] = to_json(*e.applied);
        entries.push_back(std::move(j));
    }
    nlohmann::json counts;
    for (auto s : {migrate::State::applied, migrate::State::pending, migrate::State::out_of_order,
                   migrate::State::edited, migrate::State::missing, migrate::State::partial}) {
        counts[std::string(migrate::to_string(s))] = report.count(s);
    }
    auto current = report.current();
    return {{"migrations", entries},
            {"counts", counts},
            {"current", current ? nlohmann::json(*current) : nlohmann::json(nullptr)},
            {"clean", report.clean()}};
}

nlohmann::json to_json(const migrate::RunSummary& summary) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : summary.steps) {
        steps.push_back(
            {{"version", s.version}, {"name", s.name}, {"elapsed_ms", s.elapsed.count()}});
    }
    return {{"steps", steps}, {"elapsed_ms", summary.elapsed.count()}};
}

void print_summary(const Context& ctx, const migrate::RunSummary& summary,
                   std::string_view action) {
    if (!ctx.global.json) return;
    auto j = to_json(summary);
    j["action"] = action;
    j["ok"] = true;
    ctx.print_json(j);
}

}  // namespace strata::cli
