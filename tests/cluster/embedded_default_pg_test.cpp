// Database::open without a URL, with the cluster's embedded default installed: the project's
// managed PostgreSQL under .strata/, said in one line.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include <unistd.h>

#include "strata/cluster/embedded_default.hpp"
#include "strata/cluster/local_cluster.hpp"
#include "strata/strata.hpp"

namespace {

TEST(EmbeddedDefault, InstalledItUsesTheManagedLocalPostgresWhenNoUrlIsConfigured) {
    strata::cluster::install_embedded_default();
    const auto project =
        std::filesystem::temp_directory_path() / ("strata-embedded-" + std::to_string(::getpid()));
    std::filesystem::remove_all(project);
    std::filesystem::create_directories(project);
    std::filesystem::permissions(project, std::filesystem::perms::all);

    std::mutex mutex;
    std::vector<std::string> lines;
    strata::log::set_sink([&](strata::log::Level, std::string_view line) {
        std::lock_guard lock(mutex);
        lines.emplace_back(line);
    });
    {
        strata::LoadOptions load;
        load.project_dir = project;
        load.environment = strata::EnvMap{};  // nothing configured
        auto settings = strata::Settings::load(load);
        auto db = strata::Database::open(settings);
        EXPECT_EQ(db.redacted_url(), "");  // nothing started yet: opening is lazy
        EXPECT_FALSE(std::filesystem::exists(project / ".strata"));
        EXPECT_EQ(db.transact([](strata::Session& s) {
            return s.query("SELECT 40 + 2").scalar<std::int32_t>();
        }),
                  42);
        EXPECT_NE(db.redacted_url(), "");
        db.transact([](strata::Session& s) { (void)s.query("SELECT 1"); });  // no second line
    }
    strata::log::set_sink(nullptr);

    EXPECT_TRUE(std::filesystem::exists(project / ".strata" / "pgdata"));
    int said = 0;
    for (const auto& l : lines) {
        if (l.find("managed local PostgreSQL") != std::string::npos) {
            ++said;
            EXPECT_NE(l.find(".strata"), std::string::npos) << l;
        }
    }
    EXPECT_EQ(said, 1);

    strata::LocalCluster cluster({.dir = project / ".strata"});
    cluster.destroy();
    (void)strata::session::set_embedded_default({});
    std::filesystem::remove_all(project);
}

}  // namespace
