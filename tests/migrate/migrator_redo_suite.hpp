// redo: checked before it runs, atomic, under one lock, and never reverting the wrong migration.
#pragma once

#include "migrate/migrator_suite.hpp"

namespace strata::migrate::test {

class RedoSuite : public MigratorSuite {
protected:
    void edit_c(const std::string& up) {
        write("20240103000000_create_c.sql",
              "-- migrate:up\n" + up + "-- migrate:down\nDROP TABLE c;\n");
    }
    std::string checksum_of(const std::string& version) {
        for (const auto& row : migrator().history()) {
            if (row.version == version) return row.checksum;
        }
        return {};
    }
    bool c_has_column(const std::string& column) {
        if (pg()) {
            return conn_
                       ->query(
                           "SELECT count(*) FROM information_schema.columns WHERE "
                           "table_name = 'c' AND column_name = $1",
                           column)
                       .scalar<std::int64_t>() > 0;
        }
        return conn_->query("SELECT count(*) FROM pragma_table_info('c') WHERE name = $1", column)
                   .scalar<std::int64_t>() > 0;
    }
};

TEST_F(RedoSuite, RedoOfTheEditedLastMigrationNeedsNoAllowEditedAndRecordsItsNewChecksum) {
    write_three();
    migrator().up();
    const std::string before = checksum_of("20240103000000");
    edit_c("CREATE TABLE c (id integer PRIMARY KEY, note text);\n");
    auto redo = migrator().redo();
    ASSERT_EQ(redo.steps.size(), 2U);
    EXPECT_TRUE(c_has_column("note"));
    EXPECT_NE(checksum_of("20240103000000"), before);
    EXPECT_TRUE(migrator().status().clean());
    // Another edited migration still blocks, as for up and down.
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id bigint);\n");
    EXPECT_THROW(migrator().redo(), MigrationStateError);
}

TEST_F(RedoSuite, RedoChecksTheUpSectionBeforeTheDownRuns) {
    write_three();
    migrator().up();
    conn_->execute_script("INSERT INTO c VALUES (7)");
    // The edited up is refused when it is split and checked, before the down drops c.
    edit_c("CREATE TABLE c (id integer PRIMARY KEY);\nCOMMIT;\nSELECT 1;\n");
    auto o = options();
    o.allow_edited = true;
    EXPECT_THROW(Migrator(o).redo(), MigrationFileError);
    EXPECT_EQ(count("c"), 1);  // the data is still there
    EXPECT_EQ(migrator().history().size(), 3U);
}

TEST_F(RedoSuite, ATransactionalRedoThatFailsLeavesTheMigrationAppliedAsItWas) {
    write_three();
    migrator().up();
    conn_->execute_script("INSERT INTO c VALUES (7)");
    const std::string before = checksum_of("20240103000000");
    edit_c("CREATE TABLE c (id integer PRIMARY KEY);\nINSERT INTO nope VALUES (1);\n");
    auto o = options();
    o.allow_edited = true;
    try {
        Migrator(o).redo();
        FAIL() << "the broken redo succeeded";
    } catch (const MigrationFailed& e) {
        EXPECT_NE(std::string(e.what()).find("The redo was rolled back"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(count("c"), 1);
    EXPECT_EQ(checksum_of("20240103000000"), before);
    EXPECT_EQ(migrator().history().size(), 3U);
}

TEST_F(RedoSuite, RedoRefusesToRevertTheMigrationBeforeTheOneLeftRevertedUnlessForced) {
    write_three();
    migrator().up();
    conn_->execute_script("INSERT INTO b VALUES (1)");
    // As a failed non-atomic redo left it: c reverted, pending.
    migrator().down("-1");
    try {
        migrator().redo();
        FAIL() << "redo reverted b";
    } catch (const MigrationStateError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("20240102000000_create_b"), std::string::npos) << what;
        EXPECT_NE(what.find("20240103000000_create_c"), std::string::npos) << what;
        EXPECT_NE(what.find("--force"), std::string::npos) << what;
    }
    EXPECT_EQ(count("b"), 1);
    auto o = options();
    o.force = true;
    EXPECT_EQ(Migrator(o).redo().steps.size(), 2U);
    EXPECT_EQ(count("b"), 0);  // forced: b was reverted and applied again, empty
    EXPECT_FALSE(table_exists("c"));
}

}  // namespace strata::migrate::test
