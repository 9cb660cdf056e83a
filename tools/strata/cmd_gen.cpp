// strata gen [--check] [--offline]: type-safe C++ from sqlc-annotated queries (docs/codegen.md).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli_context.hpp"
#include "database_target.hpp"
#include "strata/codegen/analysis.hpp"
#include "strata/codegen/emit.hpp"
#include "strata/codegen/models.hpp"
#include "strata/codegen/snapshot.hpp"
#include "strata/core/error.hpp"
#include "strata/driver/connection.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/templates.hpp"
#include "strata/testing/test_database.hpp"

namespace strata::cli {
namespace {

// Empty strings fall back to [gen] in strata.toml (core Settings::gen()), then its defaults.
struct GenFlags {
    std::string queries;        // default: [queries] dir (db/queries)
    std::string snapshot;       // default: [gen] snapshot, <queries>/strata_gen.json
    std::string out;            // default: [gen] out, db/gen
    std::string cpp_namespace;  // default: [gen] namespace, queries
    std::string include_prefix;
    std::vector<std::string> overrides;  // typname=Type or table.column=Type
    bool check = false;
    bool offline = false;
};

std::optional<std::string> read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// A short line diff: the first lines that differ, with their numbers.
std::string short_diff(const std::string& path, const std::optional<std::string>& old_text,
                       const std::string& new_text) {
    if (!old_text) return fmt::format("{}: missing (would be written)\n", path);
    const auto a = lines_of(*old_text);
    const auto b = lines_of(new_text);
    std::string out = fmt::format("--- {} (on disk)\n+++ {} (regenerated)\n", path, path);
    int shown = 0;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()) && shown < 12; ++i) {
        const std::string* x = i < a.size() ? &a[i] : nullptr;
        const std::string* y = i < b.size() ? &b[i] : nullptr;
        if (x && y && *x == *y) continue;
        ++shown;
        out += fmt::format("@@ line {} @@\n", i + 1);
        if (x) out += "-" + *x + "\n";
        if (y) out += "+" + *y + "\n";
    }
    return out;
}

/// [gen.overrides], then --override typname=Type / table.column=Type (repeated; a flag wins).
std::map<std::string, std::string> parse_overrides(const Settings& settings,
                                                   const std::vector<std::string>& given) {
    std::map<std::string, std::string> out = settings.gen().overrides;
    for (const auto& o : given) {
        const auto eq = o.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == o.size()) {
            throw UsageError(
                fmt::format("--override {}: expected typname=Type or table.column=Type", o));
        }
        out[o.substr(0, eq)] = o.substr(eq + 1);
    }
    return out;
}

std::filesystem::path absolute_in(const Settings& settings, const std::string& p) {
    const std::filesystem::path path(p);
    return path.is_absolute() ? path : settings.project_dir() / path;
}

/// Runs fn on a connection to --url, or to a scratch clone of the migrations (dropped after).
template <class Fn>
void with_analysis_database(const Context& ctx, const Settings& settings, Fn&& fn) {
    if (!ctx.global.url.empty()) {
        auto conn = driver::Connection::open(ctx.global.url);
        fn(conn);
        return;
    }
    testing::TestDatabaseOptions o;
    o.migrations_dir = settings.migrations().dir.empty()
                           ? settings.project_dir() / "db" / "migrations"
                           : settings.migrations().dir;
    o.admin_url = testing::maintenance_url(resolve_database(ctx).url);
    auto scratch = testing::migrated_database(o);
    auto conn = driver::Connection::open(scratch.url());
    fn(conn);
}

/// Writes every output (all computed first, so an error writes nothing); --check compares.
int write_outputs(const Context& ctx, bool check,
                  const std::vector<std::pair<std::filesystem::path, std::string>>& outputs);

int run_models(const Context& ctx, const GenFlags& flags) {
    const Settings settings = load_settings(ctx);
    codegen::ModelOptions options;
    options.cpp_namespace =
        flags.cpp_namespace.empty() ? settings.gen().models_namespace : flags.cpp_namespace;
    options.overrides = parse_overrides(settings, flags.overrides);
    options.soft_delete_column = settings.gen().soft_delete_column;
    codegen::GeneratedFile file;
    with_analysis_database(ctx, settings, [&](driver::Connection& conn) {
        file = codegen::emit_models(schema::introspect(conn), options);
    });
    const std::filesystem::path dir =
        flags.out.empty() ? settings.gen().out : absolute_in(settings, flags.out);
    return write_outputs(ctx, flags.check, {{dir / file.path, file.content}});
}

int run_gen(const Context& ctx, const GenFlags& flags) {
    const Settings settings = load_settings(ctx);
    const auto& gen = settings.gen();
    const auto queries_dir =
        flags.queries.empty() ? settings.queries_dir() : absolute_in(settings, flags.queries);
    std::filesystem::path snapshot_path = gen.snapshot;
    if (!flags.snapshot.empty()) {
        snapshot_path = absolute_in(settings, flags.snapshot);
    } else if (!flags.queries.empty()) {
        snapshot_path = queries_dir / "strata_gen.json";
    }
    const auto out_dir = flags.out.empty() ? gen.out : absolute_in(settings, flags.out);
    codegen::AnalyzeOptions analyze_options;
    analyze_options.overrides = parse_overrides(settings, flags.overrides);
    analyze_options.soft_delete_column = gen.soft_delete_column;
    codegen::Snapshot snapshot;
    if (flags.offline) {
        const auto text = read_text(snapshot_path);
        if (!text)
            throw UsageError(fmt::format("{}: no snapshot (run `strata gen` with a database)",
                                         snapshot_path.string()));
        snapshot = codegen::parse_snapshot(*text, snapshot_path.string());
    } else {
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(queries_dir)) {
            for (const auto& e : std::filesystem::directory_iterator(queries_dir)) {
                if (e.path().extension() == ".sql") files.push_back(e.path());
            }
        }
        std::sort(files.begin(), files.end());
        if (files.empty())
            throw UsageError(fmt::format("{}: no *.sql query files", queries_dir.string()));
        auto sources = codegen::read_query_files(files, settings.project_dir());
        with_analysis_database(ctx, settings, [&](driver::Connection& conn) {
            snapshot = codegen::analyze(conn, sources, analyze_options);
        });
    }
    codegen::EmitOptions emit_options{
        .cpp_namespace = flags.cpp_namespace.empty() ? gen.cpp_namespace : flags.cpp_namespace,
        .include_prefix = flags.include_prefix.empty() ? gen.include_prefix : flags.include_prefix,
        .overrides = analyze_options.overrides,
        .models_header = gen.models_header,
        .models_namespace = gen.models_namespace};
    std::vector<std::pair<std::filesystem::path, std::string>> outputs;
    if (!flags.offline) outputs.emplace_back(snapshot_path, codegen::render_snapshot(snapshot));
    for (auto& f : codegen::emit(snapshot, emit_options)) {
        outputs.emplace_back(out_dir / f.path, std::move(f.content));
    }
    std::vector<std::string> findings;
    for (const auto& q : snapshot.queries) {
        for (const auto& f : q.findings) {
            findings.push_back(
                fmt::format("{}:{}: query {}: [{}] {}", q.file, q.line, q.name, f.rule, f.message));
        }
    }
    for (const auto& f : findings) ctx.warn(f);
    if (const int code = write_outputs(ctx, flags.check, outputs); code != kExitOk) return code;
    if (flags.check) return findings.empty() ? kExitOk : kExitFailure;
    ctx.print(fmt::format("analysed {} queries; wrote {} files", snapshot.queries.size(),
                          outputs.size()));
    return findings.empty() ? kExitOk : kExitFailure;
}

int write_outputs(const Context& ctx, bool check,
                  const std::vector<std::pair<std::filesystem::path, std::string>>& outputs) {
    if (check) {
        std::string diff;
        for (const auto& [path, text] : outputs) {
            const auto old_text = read_text(path);
            if (old_text != text) diff += short_diff(path.string(), old_text, text);
        }
        if (!diff.empty()) {
            ctx.print(diff);
            ctx.warn("generated code or snapshot is stale: run `strata gen`");
            return kExitFailure;
        }
        ctx.note("generated code and snapshot are up to date");
        return kExitOk;
    }
    for (const auto& [path, text] : outputs) {
        std::filesystem::create_directories(path.parent_path());
        const auto tmp = path.string() + ".tmp";
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            out << text;
            if (!out) throw Error(fmt::format("{}: cannot write", tmp));
        }
        std::filesystem::rename(tmp, path);
    }
    return kExitOk;
}

}  // namespace

void add_gen_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<GenFlags>();
    CLI::App* cmd = app.add_subcommand(
        "gen",
        "Generate C++ from sqlc-annotated queries (db/queries/*.sql) and snapshot the analysis");
    cmd->add_option("--queries", flags->queries,
                    "Query directory (default [queries] dir, db/queries)");
    cmd->add_option("--snapshot", flags->snapshot,
                    "Snapshot file (default [gen] snapshot, <queries>/strata_gen.json)");
    cmd->add_option("-o,--out", flags->out,
                    "Output directory for the generated code (default [gen] out, db/gen)");
    cmd->add_option("--namespace", flags->cpp_namespace,
                    "C++ namespace (default [gen] namespace, queries; models: models)");
    cmd->add_option("--include-prefix", flags->include_prefix,
                    "Prefix of the header path in each generated source");
    cmd->add_option("--override", flags->overrides,
                    "typname=Type or table.column=Type (repeatable; adds to [gen.overrides])");
    cmd->add_flag("--check", flags->check, "Exit 1 with a diff when the snapshot or code is stale");
    cmd->add_flag("--offline", flags->offline, "Generate from the committed snapshot, no database");
    CLI::App* models = cmd->add_subcommand(
        "models", "Write a struct and orm::Table<T> mapping per table (models.hpp in --out)");
    models->fallthrough();
    cmd->callback([&ctx, flags, models] {
        ctx.action = [&ctx, flags, models] {
            return models->parsed() ? run_models(ctx, *flags) : run_gen(ctx, *flags);
        };
    });
}

}  // namespace strata::cli
