// SQLite projects get the same API: a migrated template file, copied per test, gc of leftovers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/core/url.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/testing/templates.hpp"
#include "strata/testing/test_database.hpp"
#include "testing/migrations_dir.hpp"

namespace fs = std::filesystem;
using namespace strata::testing;
using strata::test_support::MigrationsDir;

namespace {

/// A SQLite project: migrations, and the app's database URL in the same directory.
class SqliteProject : public ::testing::Test {
protected:
    void SetUp() override {
        dir_.write("20240101000000_widgets.sql",
                   "-- migrate:up\nCREATE TABLE widgets (id integer PRIMARY KEY, name text NOT "
                   "NULL);\n");
    }
    [[nodiscard]] TestDatabaseOptions options() const {
        return {.migrations_dir = dir_.path(),
                .admin_url = "sqlite:///" + (dir_.path() / "app.db").string()};
    }
    [[nodiscard]] fs::path test_dir() const { return dir_.path() / ".strata-testdb"; }

    static std::int64_t widgets(TestDatabase& tdb) {
        return tdb.database().transact([](strata::Session& s) {
            return s.query("SELECT count(*) FROM widgets").scalar<std::int64_t>();
        });
    }

    MigrationsDir dir_{/*pg_template=*/false};
};

fs::path file_of(const std::string& url) {
    return strata::DatabaseUrl::parse(url).sqlite_path();
}

}  // namespace

TEST_F(SqliteProject, EachTestGetsItsOwnCopyOfTheTemplateRemovedAfterwards) {
    auto first = ensure_template(options());
    EXPECT_TRUE(first.built);
    EXPECT_TRUE(fs::exists(test_dir() / (first.name + ".db")));
    EXPECT_FALSE(ensure_template(options()).built);
    fs::path a_file;
    {
        auto a = migrated_database(options());
        auto b = migrated_database(options());
        EXPECT_NE(a.name(), b.name());
        EXPECT_EQ(a.template_name(), first.name);
        EXPECT_THAT(a.name(), ::testing::StartsWith("strata_clone_"));
        a_file = file_of(a.url());
        EXPECT_EQ(a_file.parent_path(), test_dir());
        a.database().transact(
            [](strata::Session& s) { s.execute("INSERT INTO widgets VALUES (1, 'a')"); });
        EXPECT_EQ(widgets(a), 1);
        EXPECT_EQ(widgets(b), 0);
        EXPECT_TRUE(fs::exists(a_file));
    }
    EXPECT_FALSE(fs::exists(a_file));
    EXPECT_FALSE(fs::exists(dir_.path() / "app.db")) << "the project's own database is untouched";
}

TEST_F(SqliteProject, ChangedMigrationsYieldANewTemplateFile) {
    auto before = ensure_template(options());
    dir_.write("20240102000000_gadgets.sql", "-- migrate:up\nCREATE TABLE gadgets (id integer);\n");
    auto after = migrated_database(options());
    EXPECT_NE(after.template_name(), before.name);
    EXPECT_EQ(after.database().transact([](strata::Session& s) {
        return s.query("SELECT count(*) FROM gadgets").scalar<std::int64_t>();
    }),
              0);
}

TEST_F(SqliteProject, SeededTemplateHasTheSeedRows) {
    MigrationsDir seeds{/*pg_template=*/false};
    seeds.write("01_widgets.sql", "INSERT INTO widgets VALUES (1, 'seeded'), (2, 'too');\n");
    auto o = options();
    o.seed = true;
    o.seeds_dir = seeds.path();
    auto seeded = migrated_database(o);
    EXPECT_EQ(widgets(seeded), 2);
}

TEST_F(SqliteProject, FailingMigrationNamesTheFileAndLeavesNoTemplate) {
    dir_.write("20240102000000_broken.sql",
               "-- migrate:up\nCREATE TABLE ok (id integer);\nBROKEN STATEMENT;\n");
    try {
        (void)migrated_database(options());
        FAIL() << "a clone of a failed template was handed out";
    } catch (const strata::migrate::MigrationFailed& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("20240102000000_broken.sql:3"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("strata_tpl_"));
    }
    for (const auto& entry : fs::directory_iterator(test_dir())) {
        EXPECT_EQ(entry.path().extension(), ".lock") << entry.path();
    }
}

TEST_F(SqliteProject, RollbackModeSharesOneCopyPerProcess) {
    auto o = options();
    o.transaction_rollback = true;
    auto& db = process_database(o);
    EXPECT_EQ(&db, &process_database(o));
    EXPECT_EQ(db.transact([](strata::Session& s) {
        return s.query("SELECT count(*) FROM widgets").scalar<std::int64_t>();
    }),
              0);
}

TEST_F(SqliteProject, GcRemovesCopiesOfDeadProcessesOldCliCopiesAndHalfBuiltTemplates) {
    auto live = migrated_database(options());
    const auto detached = create_detached_clone(options());
    const auto tpl = test_dir() / (live.template_name() + ".db");
    const auto dead = test_dir() / fmt::format("strata_clone_{}_1_7.db", ::getpid());
    const auto old_cli = test_dir() / "strata_testdb_1000_1_1.db";
    const auto half = test_dir() / "strata_tpl_00000000000000aa.db.building";
    for (const auto& f : {dead, old_cli, half}) fs::copy_file(tpl, f);
    fs::copy_file(tpl, dead.string() + "-wal");
    GcOptions gc;
    gc.admin_url = options().admin_url;
    gc.reap_clusters = false;
    auto report = collect_garbage(gc);
    EXPECT_THAT(report.clones,
                ::testing::UnorderedElementsAre(dead.stem().string(), old_cli.stem().string()));
    EXPECT_THAT(report.templates, ::testing::ElementsAre(half.filename().string()));
    for (const auto& f : {dead, old_cli, half, fs::path(dead.string() + "-wal")}) {
        EXPECT_FALSE(fs::exists(f)) << f;
    }
    EXPECT_TRUE(fs::exists(file_of(live.url())));
    EXPECT_TRUE(fs::exists(file_of(detached)));
    EXPECT_TRUE(fs::exists(tpl));
    EXPECT_TRUE(drop_test_database(detached, options().admin_url));
    EXPECT_FALSE(drop_test_database(detached, options().admin_url));
}

TEST_F(SqliteProject, DropRefusesFilesStrataDidNotCreateAndMemoryHasNoDirectory) {
    EXPECT_THROW(drop_test_database(options().admin_url, options().admin_url), strata::UsageError);
    auto o = options();
    o.admin_url = "sqlite::memory:";
    EXPECT_THROW((void)migrated_database(o), strata::UsageError);
}
