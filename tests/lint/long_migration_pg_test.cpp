// A migration longer than one parse piece: linted piece by piece (bounded memory, progress at
// once) with the findings, lines and ignores of a whole-file lint.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "strata/driver/connection.hpp"
#include "strata/lint/migration_lint.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/sql/parse_pieces.hpp"
#include "strata/testing/server.hpp"

namespace strata::lint::test {
namespace {

namespace fs = std::filesystem;

struct LongFile {
    fs::path path;
    int drop_line = 0;     ///< the DROP TABLE past the first piece
    int ignored_line = 0;  ///< a DROP TABLE under a strata:ignore comment
    int update_line = 0;   ///< an UPDATE of every row, after a comment, past the first piece
};

LongFile write_long_migration() {
    LongFile f;
    const auto dir = fs::temp_directory_path() / ("strata-lint-long-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    f.path = dir / "20260101000001_load.sql";
    std::string text = "-- Loads a lot of rows, then drops two tables.\n-- migrate:up\n";
    int line = 3;
    text += "CREATE TABLE scratch (id bigint PRIMARY KEY, name text);\n";
    ++line;
    for (int i = 0; text.size() < 2 * sql::kParsePieceBytes; ++i, ++line) {
        text += "INSERT INTO scratch (id, name) VALUES (" + std::to_string(i) +
                ", 'a name long enough to fill the file');\n";
    }
    // The INSERTs need no parse tree (no rule inspects them); the UPDATE, behind a comment, does.
    text += "-- every row\n";
    ++line;
    f.update_line = line++;
    text += "UPDATE accounts SET id = id;\n";
    f.drop_line = line++;
    text += "DROP TABLE accounts;\n";
    text += "-- strata:ignore drop-table the archive is copied elsewhere first\n";
    ++line;
    f.ignored_line = line++;
    text += "DROP TABLE archive;\n-- migrate:down\nSELECT 1;\n";
    std::ofstream(f.path, std::ios::binary) << text;
    return f;
}

TEST(LongMigrationLint, FindsLinesAndIgnoresPastTheFirstPieceAndReportsProgress) {
    const auto url = strata::testing::fresh_database_url("lintlong");
    auto conn = driver::Connection::open(url);
    conn.execute_script(
        "CREATE TABLE accounts (id bigint PRIMARY KEY);"
        "CREATE TABLE archive (id bigint PRIMARY KEY);");
    const auto before = schema::introspect(conn);
    const auto file = write_long_migration();
    Config config;
    if (config.severity("drop-table") == Severity::off) {
        config.set_severity("drop-table", Severity::warning);
    }
    auto read = read_migration_for_lint(file.path, config);
    ASSERT_TRUE(read.migration.has_value());
    ASSERT_TRUE(read.migration->source);
    EXPECT_EQ(read.migration->source->size(), fs::file_size(file.path));
    // The lint works from the text already read (the file is read once): gone, it still lints.
    fs::remove(file.path);
    std::vector<migrate::Migration> run;
    run.push_back(std::move(*read.migration));

    std::vector<std::size_t> done;
    MigrationLintOptions options;
    options.progress = [&](const fs::path& path, std::size_t d, std::size_t total) {
        EXPECT_EQ(path, file.path);
        EXPECT_GT(total, 2 * sql::kParsePieceBytes - 100);
        done.push_back(d);
    };
    const auto findings = lint_migrations(before, run, config, options);

    std::vector<int> drop_lines, backfill_lines;
    for (const auto& f : findings) {
        if (f.rule == "drop-table") drop_lines.push_back(f.line);
        if (f.rule == "backfill-with-ddl") backfill_lines.push_back(f.line);
    }
    EXPECT_EQ(backfill_lines, (std::vector<int>{file.update_line}));
    EXPECT_EQ(drop_lines, (std::vector<int>{file.drop_line}))
        << "the ignored DROP is line " << file.ignored_line;
    ASSERT_GE(done.size(), 2U);
    EXPECT_LT(done.front(), done.back());
    fs::remove_all(file.path.parent_path());
}

}  // namespace
}  // namespace strata::lint::test
