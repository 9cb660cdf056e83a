// The annotations file: its YAML subset, strict keys and types with file:line, and docs --check.
#include <gmock/gmock.h>

#include "strata/core/error.hpp"
#include "strata/schema/annotations.hpp"

namespace strata::schema {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kFile = R"yaml(# what the data model means
tables:
  app.users:
    description: People who sign in.   # trailing comment
    tags: [auth, "pii"]
    columns:
      email:
        description: >
          The login e-mail,
          unique per organisation.
        tags:
          - pii
      nick: 'Shown to others: it''s public'
  orgs:
    description: |
      Customers.
      One row each.
)yaml";

std::string error_of(std::string_view text) {
    try {
        (void)parse_annotations(text, "db/schema_annotations.yaml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

TEST(Annotations, ParsesTablesColumnsTagsAndBlockScalars) {
    auto ann = parse_annotations(kFile, "a.yaml");
    ASSERT_EQ(ann.tables.size(), 2u);
    const auto& users = ann.tables.at("app.users");
    EXPECT_EQ(users.description, "People who sign in.");
    EXPECT_THAT(users.tags, ElementsAre("auth", "pii"));
    EXPECT_EQ(users.line, 3);
    EXPECT_EQ(users.columns.at("email").description, "The login e-mail, unique per organisation.");
    EXPECT_THAT(users.columns.at("email").tags, ElementsAre("pii"));
    EXPECT_EQ(users.columns.at("nick").description, "Shown to others: it's public");
    EXPECT_EQ(ann.tables.at("orgs").description, "Customers.\nOne row each.");
}

TEST(Annotations, AcceptsAnEmptyFile) {
    EXPECT_TRUE(parse_annotations("", "a.yaml").tables.empty());
    EXPECT_TRUE(parse_annotations("# nothing yet\n", "a.yaml").tables.empty());
}

TEST(Annotations, RejectsUnknownKeysWithFileAndLine) {
    EXPECT_THAT(
        error_of("tables:\n  users:\n    descripton: x\n"),
        HasSubstr("db/schema_annotations.yaml:3: unknown key `descripton` in table `users`"));
    EXPECT_THAT(error_of("tabels:\n  users:\n"), HasSubstr(":1: unknown key `tabels`"));
    EXPECT_THAT(error_of("tables:\n  u:\n    columns:\n      c:\n        colour: red\n"),
                HasSubstr(":5: unknown key `colour` in column `u.c`"));
}

TEST(Annotations, RejectsWrongTypesWithFileAndLine) {
    EXPECT_THAT(error_of("tables:\n  users:\n    description: [a, b]\n"),
                HasSubstr(":3: `description` must be a text"));
    EXPECT_THAT(error_of("tables:\n  users:\n    columns: email\n"),
                HasSubstr(":3: `columns` of `users` must be a mapping"));
    EXPECT_THAT(error_of("tables: [a]\n"), HasSubstr(":1: `tables` must be a mapping"));
    EXPECT_THAT(error_of("tables:\n  users:\n    tags:\n      description: x\n"),
                HasSubstr(":3: `tags` must be a list of texts"));
}

TEST(Annotations, RejectsYamlOutsideTheSubset) {
    EXPECT_THAT(error_of("tables:\n\tusers: x\n"), HasSubstr(":2: tab in indentation"));
    EXPECT_THAT(error_of("tables:\n  users: &anchor x\n"), HasSubstr(":2: unsupported YAML `&`"));
    EXPECT_THAT(error_of("tables:\n  a: x\n  a: y\n"), HasSubstr(":3: duplicate key `a`"));
    EXPECT_THAT(error_of("tables:\n  a:\n    tags: [x\n"), HasSubstr(":3: a flow list must end"));
    EXPECT_THAT(error_of("just text\n"), HasSubstr(":1: expected `key: value`"));
}

TEST(Annotations, CheckReportsMissingObjectsAndUndescribedTables) {
    Catalog cat;
    Table users;
    users.schema = "app";
    users.name = "users";
    Column email;
    email.name = "email";
    users.columns = {email};
    Table orgs;
    orgs.schema = "public";
    orgs.name = "orgs";
    orgs.comment = "customers";
    Table bare;
    bare.schema = "public";
    bare.name = "bare";
    cat.tables = {users, orgs, bare};
    cat.normalize();
    auto ann = parse_annotations(
        "tables:\n  app.users:\n    description: x\n    columns:\n      gone: y\n  ghosts:\n    "
        "description: z\n",
        "a.yaml");
    EXPECT_THAT(check_annotations(cat, ann),
                ElementsAre("a.yaml:5: annotated column `app.users.gone` does not exist",
                            "a.yaml:6: annotated table `ghosts` does not exist",
                            "table `public.bare` has no description"));
}

}  // namespace
}  // namespace strata::schema
