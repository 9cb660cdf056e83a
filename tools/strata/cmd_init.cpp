// strata init: scaffold strata.toml, db/migrations, db/seeds and db/queries (never overwrites).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <fstream>

#include "cli_context.hpp"
#include "strata/core/error.hpp"

namespace strata::cli {
namespace {

constexpr const char* kToml =
    R"(# strata configuration. Precedence: flags > environment > .env > this file > defaults.
# With no database URL anywhere, strata uses a managed local PostgreSQL under .strata/.
environment = "development"

[database]
# url = "postgresql://app@localhost:5432/app"   # or set DATABASE_URL
pool_size = 5
max_overflow = 10
pool_timeout = 30

[migrations]
dir = "db/migrations"
table = "strata_migrations"
version_format = "timestamp"   # or "date_counter" (YYYYMMDD_NNNN)

[seeds]
dir = "db/seeds"

[queries]
dir = "db/queries"
)";

int run_init(const Context& ctx) {
    namespace fs = std::filesystem;
    const fs::path root = ctx.global.config.empty() ? fs::current_path()
                                                    : fs::absolute(ctx.global.config).parent_path();
    std::vector<std::string> created;
    std::vector<std::string> kept;
    for (const char* dir : {"db/migrations", "db/seeds", "db/queries"}) {
        std::error_code ec;
        if (fs::is_directory(root / dir, ec)) {
            kept.emplace_back(dir);
            continue;
        }
        if (!fs::create_directories(root / dir, ec) && ec) {
            throw Error(fmt::format("cannot create {}: {}", (root / dir).string(), ec.message()));
        }
        created.push_back(std::string(dir) + "/");
    }
    const fs::path toml =
        ctx.global.config.empty() ? root / "strata.toml" : fs::path(ctx.global.config);
    if (fs::exists(toml)) {
        kept.push_back(toml.filename().string());
    } else {
        std::ofstream out(toml);
        out << kToml;
        if (!out) throw Error(fmt::format("cannot write {}", toml.string()));
        created.push_back(toml.filename().string());
    }
    const fs::path gitignore = root / ".strata" / ".gitignore";
    if (!fs::exists(gitignore)) {
        std::error_code ec;
        fs::create_directories(gitignore.parent_path(), ec);
        std::ofstream(gitignore) << "*\n";
    }
    if (ctx.global.json) {
        ctx.print_json(
            {{"ok", true}, {"project", root.string()}, {"created", created}, {"kept", kept}});
        return kExitOk;
    }
    for (const auto& c : created) ctx.print(fmt::format("created {}", c));
    for (const auto& k : kept) ctx.print(fmt::format("kept    {} (exists)", k));
    ctx.note(
        fmt::format("project ready in {}; next: strata new -m \"create users\"", root.string()));
    return kExitOk;
}

}  // namespace

void add_init_command(CLI::App& app, Context& ctx) {
    auto* cmd =
        app.add_subcommand("init", "Scaffold strata.toml, db/migrations, db/seeds, db/queries");
    cmd->callback([&ctx] { ctx.action = [&ctx] { return run_init(ctx); }; });
}

}  // namespace strata::cli
