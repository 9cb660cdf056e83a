// Plans PostgreSQL cannot carry out as asked: a change it cannot express names the table and
// property (UnsupportedChange); a column order it cannot reach is said in a note.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/autogen_support.hpp"

namespace strata::autogen::test {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(AutogenPlanLimits, AChangedPartitionKeyIsRefusedNamingTheTable) {
    auto current =
        load("CREATE TABLE public.events (id bigint, at date, kind text) PARTITION BY RANGE (at);");
    auto desired = load(
        "CREATE TABLE public.events (id bigint, at date, kind text) PARTITION BY LIST (kind);");
    for (bool safe : {false, true}) {
        PlanOptions options;
        options.safe = safe;
        try {
            (void)plan(current, desired, options);
            ADD_FAILURE() << "a changed partition key was planned";
        } catch (const UnsupportedChange& e) {
            EXPECT_THAT(e.what(), AllOf(HasSubstr("table public.events"),
                                        HasSubstr("partition key"), HasSubstr("RANGE (at)"),
                                        HasSubstr("LIST (kind)"), HasSubstr("by hand")));
        }
    }
}

// PostgreSQL refuses to drop a column a publication's row filter reads (PostgreSQL 15 allows no
// generated column in a column list); the plan says so instead of writing a migration that fails
// (or dropping the publication, which stops replication).
TEST(AutogenPlanLimits, AReCreatedGeneratedColumnThatAPublicationFiltersOnIsRefusedNamingBoth) {
    const std::string table =
        "CREATE TABLE public.lines (id bigint PRIMARY KEY, price numeric NOT NULL, qty integer "
        "NOT NULL, total numeric GENERATED ALWAYS AS ";
    const std::string publication =
        "CREATE PUBLICATION lines_feed FOR TABLE public.lines WHERE (total > 10);";
    auto current = load(table + "(price * qty) STORED);" + publication);
    auto desired = load(table + "(round(price * qty, 2)) STORED);" + publication);
    for (bool safe : {false, true}) {
        PlanOptions options;
        options.safe = safe;
        try {
            (void)plan(current, desired, options);
            ADD_FAILURE() << "a published column was planned to be dropped";
        } catch (const UnsupportedChange& e) {
            EXPECT_THAT(e.what(), AllOf(HasSubstr("column public.lines.total"),
                                        HasSubstr("publication lines_feed"),
                                        HasSubstr("public.lines WHERE ((total > (10)::numeric))"),
                                        HasSubstr("by hand")));
        }
    }
    // A publication of the whole table (no column list, no filter) does not hold the column.
    const std::string whole = "CREATE PUBLICATION lines_all FOR TABLE public.lines;";
    EXPECT_FALSE(plan(load(table + "(price * qty) STORED);" + whole),
                      load(table + "(round(price * qty, 2)) STORED);" + whole))
                     .empty());
}

TEST(AutogenPlanLimits, ATableThatBecomesAPartitionIsRefusedNamingTheTable) {
    auto current = load(
        "CREATE TABLE public.log (id bigint, at date) PARTITION BY RANGE (at);\n"
        "CREATE TABLE public.log_2024 (id bigint, at date);");
    auto desired = load(
        "CREATE TABLE public.log (id bigint, at date) PARTITION BY RANGE (at);\n"
        "CREATE TABLE public.log_2024 PARTITION OF public.log\n"
        "    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');");
    EXPECT_THROW(
        {
            try {
                (void)plan(current, desired);
            } catch (const UnsupportedChange& e) {
                EXPECT_THAT(e.what(), AllOf(HasSubstr("table public.log_2024"),
                                            HasSubstr("parent partitioned table")));
                throw;
            }
        },
        UnsupportedChange);
}

TEST(AutogenPlanLimits, ReorderedColumnsAreNotedAndLeftInPlace) {
    auto current =
        load("CREATE TABLE public.people (id bigint PRIMARY KEY, name text, email text);");
    auto desired =
        load("CREATE TABLE public.people (id bigint PRIMARY KEY, email text, name text);");
    for (bool safe : {false, true}) {
        PlanOptions options;
        options.safe = safe;
        auto p = plan(current, desired, options);
        // Nothing to run (no rewrite, no drop), and the note names the table and both orders.
        EXPECT_TRUE(p.empty()) << render_plan(p);
        ASSERT_EQ(p.notes.size(), 1u);
        EXPECT_THAT(p.notes[0],
                    AllOf(HasSubstr("table public.people"), HasSubstr("(id, email, name)"),
                          HasSubstr("(id, name, email)"), HasSubstr("cannot reorder columns")));
    }
}

TEST(AutogenPlanLimits, AColumnAddedInTheMiddleIsAppendedAndSaysSo) {
    auto current = load("CREATE TABLE public.people (id bigint PRIMARY KEY, email text);");
    auto desired =
        load("CREATE TABLE public.people (id bigint PRIMARY KEY, name text, email text);");
    auto p = plan(current, desired);
    ASSERT_EQ(p.changes.size(), 1u);
    EXPECT_THAT(p.changes[0].up, ElementsAre("ALTER TABLE public.people ADD COLUMN name text;"));
    EXPECT_THAT(p.up_statements(), Not(::testing::Contains(HasSubstr("DROP"))));
    ASSERT_EQ(p.notes.size(), 1u);
    EXPECT_THAT(p.notes[0], AllOf(HasSubstr("table public.people"), HasSubstr("(id, name, email)"),
                                  HasSubstr("(id, email, name)")));
    verify(p, current, desired, test_scratch());
}

TEST(AutogenPlanLimits, TheSameColumnsInTheSameOrderGiveNoNote) {
    auto current = load("CREATE TABLE public.people (id bigint PRIMARY KEY, email text);");
    auto desired =
        load("CREATE TABLE public.people (id bigint PRIMARY KEY, email text, name text);");
    EXPECT_TRUE(plan(current, desired).notes.empty());
}

TEST(AutogenPlanLimits, AnExtensionUpdateUsesItsScriptsAndTheDowngradeSaysItReCreates) {
    // citext ships update scripts up to 1.6 and none down: a column of its type pins it.
    auto current = load(
        "CREATE EXTENSION citext WITH SCHEMA public VERSION '1.5';\n"
        "CREATE TABLE public.users (id bigint PRIMARY KEY, email public.citext);");
    auto desired = load(
        "CREATE EXTENSION citext WITH SCHEMA public VERSION '1.6';\n"
        "CREATE TABLE public.users (id bigint PRIMARY KEY, email public.citext);");
    auto p = plan(current, desired, test_plan_options(true));
    ASSERT_EQ(p.changes.size(), 1u);
    EXPECT_THAT(p.changes[0].up, ElementsAre("ALTER EXTENSION citext UPDATE TO '1.6';"));
    EXPECT_THAT(p.changes[0].down,
                ElementsAre("DROP EXTENSION citext;",
                            "CREATE EXTENSION citext WITH SCHEMA public VERSION '1.5';"));
    ASSERT_EQ(p.notes.size(), 1u);
    EXPECT_THAT(p.notes[0], AllOf(HasSubstr("extension citext"), HasSubstr("'1.6' to '1.5'"),
                                  HasSubstr("by hand")));
    // The column depends on the extension: the down cannot run, and verification says where.
    try {
        verify(p, current, desired, test_scratch());
        ADD_FAILURE() << "a down that drops a used extension verified";
    } catch (const VerificationError& e) {
        EXPECT_THAT(e.what(),
                    AllOf(HasSubstr("generated down failed"), HasSubstr("extension citext version"),
                          HasSubstr("DROP EXTENSION citext;")));
    }
    // Without a server to ask, a path is assumed both ways.
    auto assumed = plan(current, desired);
    ASSERT_EQ(assumed.changes.size(), 1u);
    EXPECT_THAT(assumed.changes[0].down, ElementsAre("ALTER EXTENSION citext UPDATE TO '1.5';"));
}

}  // namespace
}  // namespace strata::autogen::test
