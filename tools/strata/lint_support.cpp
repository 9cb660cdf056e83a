// Lint plumbing shared by `strata lint` and `strata up`.
#include "lint_support.hpp"
#include "migrate_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <memory>

#include "strata/core/error.hpp"
#include "strata/lint/migration_lint.hpp"
#include "strata/lint/report.hpp"
#include "strata/migrate/history.hpp"
#include "strata/migrate/migrator.hpp"
#include "strata/schema/introspect.hpp"

namespace strata::cli {

lint::Config load_lint_config(const Settings& settings) {
    const auto path = settings.config_file().value_or(settings.project_dir() / "strata.toml");
    return lint::Config::load(path);
}

LintFiles read_lint_files(const std::filesystem::path& dir, const lint::Config& config) {
    if (!std::filesystem::is_directory(dir)) {
        throw UsageError(fmt::format("{}: no migrations directory", dir.string()));
    }
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const auto name = entry.path().filename().string();
        if (entry.is_regular_file() && name.ends_with(".sql") && !name.starts_with(".")) {
            paths.push_back(entry.path());
        }
    }
    std::ranges::sort(paths);
    LintFiles out;
    for (const auto& path : paths) {
        auto file = lint::read_migration_for_lint(path, config);
        if (file.migration) out.migrations.push_back(std::move(*file.migration));
        for (auto& f : file.findings) out.findings.push_back(std::move(f));
    }
    std::ranges::stable_sort(out.migrations,
                             [](const auto& a, const auto& b) { return a.version < b.version; });
    return out;
}

namespace {
migrate::Migrator lint_migrator(const std::string& url, const Settings& settings) {
    migrate::MigratorOptions options;
    options.url = url;
    options.migrations_dir = migrations_dir(settings);
    options.history.table = settings.migrations().table;
    options.history.schema = settings.migrations().schema;
    return migrate::Migrator(options);
}
}  // namespace

std::vector<std::string> edited_versions(const std::string& url, const Settings& settings) {
    std::vector<std::string> out;
    for (const auto& entry : lint_migrator(url, settings).status().entries) {
        if (entry.state == migrate::State::edited) out.push_back(entry.version);
    }
    return out;
}

std::vector<lint::Finding> lint_pending(const std::string& url, const Settings& settings,
                                        const lint::Config& config, std::string_view target,
                                        const lint::LintProgress& progress) {
    migrate::MigratorOptions options;
    options.url = url;
    options.migrations_dir = migrations_dir(settings);
    options.history.table = settings.migrations().table;
    options.history.schema = settings.migrations().schema;
    migrate::Migrator migrator(options);
    // The files as the migrator read them (each held once, shared by the status entries and
    // the run): a file it could not load stops here with its own error, as `up` would.
    auto status = migrator.status();
    std::vector<migrate::Migration> run;
    for (auto& entry : status.entries) {
        const bool pending =
            entry.state == migrate::State::pending || entry.state == migrate::State::out_of_order;
        if (pending && entry.file) run.push_back(std::move(*entry.file));
    }
    status.entries.clear();
    if (target.starts_with("+")) {
        // A malformed +N is the migrator's to refuse; lint then looks at everything pending.
        std::size_t n = 0;
        const auto parsed = std::from_chars(target.data() + 1, target.data() + target.size(), n);
        if (parsed.ec == std::errc{} && run.size() > n) run.resize(n);
    } else if (target != "head") {
        std::erase_if(run, [&](const migrate::Migration& m) {
            return migrate::VersionLess{}(target, m.version);
        });
    }
    std::vector<lint::Finding> findings;
    if (run.empty()) return findings;
    schema::IntrospectOptions io;
    io.history_table = settings.migrations().table;
    const auto before = schema::introspect(url, io);
    lint::MigrationLintOptions lint_options;
    lint_options.progress = progress;
    auto more = lint::lint_migrations(before, run, config, lint_options);
    findings.insert(findings.end(), more.begin(), more.end());
    return findings;
}

lint::LintProgress lint_progress_notes(const Context& ctx) {
    using Clock = std::chrono::steady_clock;
    auto last = std::make_shared<Clock::time_point>(Clock::now() - std::chrono::seconds(1));
    return [&ctx, last](const std::filesystem::path& file, std::size_t done, std::size_t total) {
        if (done == total || Clock::now() - *last < std::chrono::seconds(1)) return;
        *last = Clock::now();
        ctx.note(fmt::format("linting {}: {} of {} MB parsed", file.filename().string(), done >> 20,
                             total >> 20));
    };
}

void print_findings(const Context& ctx, const std::vector<lint::Finding>& findings) {
    int errors = 0;
    for (const auto& f : findings) {
        if (f.severity == lint::Severity::error) ++errors;
        std::string text = lint::format_human(f);
        if (!text.empty() && text.back() == '\n') text.pop_back();
        ctx.print(text);
    }
    ctx.note(fmt::format("{} finding{}: {} error{}, {} warning{}", findings.size(),
                         findings.size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
                         findings.size() - static_cast<std::size_t>(errors),
                         findings.size() - static_cast<std::size_t>(errors) == 1 ? "" : "s"));
}

}  // namespace strata::cli
