// The query builder's rendered text and parameters, for PostgreSQL and SQLite placeholders.
#include <gtest/gtest.h>

#include <optional>
#include <tuple>
#include <type_traits>
#include <vector>

#include "orm/models.hpp"
#include "strata/core/error.hpp"
#include "strata/orm/patch.hpp"
#include "strata/orm/query.hpp"
#include "strata/orm/related.hpp"
#include "strata/orm/repository.hpp"

namespace strata::orm::test {
namespace {

template <class R>
concept HasCommit = requires(R& r) { r.commit(); };
template <class R>
concept HasRollback = requires(R& r) { r.rollback(); };

constexpr auto kCols =
    "\"todos\".\"id\", \"todos\".\"owner_id\", \"todos\".\"title\", \"todos\".\"note\", "
    "\"todos\".\"payload\", \"todos\".\"priority\", \"todos\".\"created_at\", "
    "\"todos\".\"updated_at\", \"todos\".\"deleted_at\"";

TEST(TableTraits, DetectSoftDeleteUpdatedAtAndPrimaryKey) {
    using Tr = TableTraits<Todo>;
    EXPECT_TRUE(Tr::kSoftDelete);
    EXPECT_TRUE(Tr::kHasUpdatedAt);
    EXPECT_EQ(Tr::kPkIndex, 0U);
    EXPECT_EQ(Tr::kNames[Tr::kSoftDeleteIndex], "deleted_at");
    EXPECT_FALSE(TableTraits<Reading>::kSoftDelete);
    EXPECT_FALSE(TableTraits<Owner>::kHasUpdatedAt);
}

TEST(SelectQuery, RendersEveryComparisonWithBoundValues) {
    auto q = select<Todo>()
                 .where(col(&Todo::owner_id) == 7 && col(&Todo::priority) != 1)
                 .where(col(&Todo::priority) < 2 || col(&Todo::priority) <= 3)
                 .where(!(col(&Todo::priority) > 4) && col(&Todo::priority) >= 5);
    auto sql = q.to_sql();
    EXPECT_EQ(sql.text, std::string("SELECT ") + kCols +
                            " FROM \"todos\" WHERE (((\"todos\".\"owner_id\" = $1 AND "
                            "\"todos\".\"priority\" <> $2) AND (\"todos\".\"priority\" < $3 OR "
                            "\"todos\".\"priority\" <= $4)) AND ((NOT \"todos\".\"priority\" > $5) "
                            "AND \"todos\".\"priority\" >= $6))");
    ASSERT_EQ(sql.params.size(), 6U);
    EXPECT_EQ(std::get<std::int64_t>(sql.params[0]), 7);
    EXPECT_EQ(std::get<std::int32_t>(sql.params[5]), 5);
}

TEST(SelectQuery, RendersSqlitePlaceholdersAsNumberedQuestionMarks) {
    auto sql = select<Todo>()
                   .where(col(&Todo::title) == "a" && col(&Todo::note).is_null())
                   .to_sql(Dialect::sqlite);
    EXPECT_NE(sql.text.find("\"todos\".\"title\" = ?1 AND \"todos\".\"note\" IS NULL"),
              std::string::npos)
        << sql.text;
}

TEST(SelectQuery, RendersInLikeIsNullOrderLimitOffsetAndLocks) {
    std::vector<std::int64_t> ids{1, 2, 3};
    auto sql = select<Todo>()
                   .where(col(&Todo::id).in(ids))
                   .where(col(&Todo::title).like("a%"))
                   .where(col(&Todo::note).is_not_null())
                   .order_by(desc(&Todo::priority))
                   .order_by(col(&Todo::id).asc())
                   .limit(10)
                   .offset(20)
                   .skip_locked()
                   .to_sql();
    EXPECT_NE(sql.text.find("\"todos\".\"id\" IN ($1, $2, $3)"), std::string::npos) << sql.text;
    EXPECT_NE(sql.text.find("\"todos\".\"title\" LIKE $4"), std::string::npos);
    EXPECT_NE(sql.text.find(" ORDER BY \"todos\".\"priority\" DESC, \"todos\".\"id\" ASC LIMIT $5 "
                            "OFFSET $6 FOR UPDATE SKIP LOCKED"),
              std::string::npos)
        << sql.text;
    EXPECT_EQ(sql.params.size(), 6U);
}

TEST(SelectQuery, OmitsRowLocksOnSqlite) {
    auto sql = select<Todo>().for_update().to_sql(Dialect::sqlite);
    EXPECT_EQ(sql.text.find("FOR UPDATE"), std::string::npos);
}

TEST(SelectQuery, EmptyInListIsFalse) {
    std::vector<std::int64_t> none;
    auto sql = select<Todo>().where(col(&Todo::id).in(none)).to_sql();
    EXPECT_NE(sql.text.find("WHERE (1 = 0)"), std::string::npos) << sql.text;
}

TEST(SelectQuery, WhereIfAddsTheConditionOnlyWhenItHolds) {
    std::optional<std::string> title;
    auto q =
        select<Todo>().where_if(title.has_value(), [&] { return col(&Todo::title) == *title; });
    EXPECT_EQ(q.to_sql().text.find("WHERE"), std::string::npos);
    title = "x";
    q.where_if(title.has_value(), [&] { return col(&Todo::title) == *title; });
    EXPECT_NE(q.to_sql().text.find("WHERE \"todos\".\"title\" = $1"), std::string::npos);
}

TEST(SelectQuery, JoinsOnTypedColumns) {
    auto sql = select<Todo>()
                   .join<Owner>(col(&Todo::owner_id) == col(&Owner::id))
                   .where(col(&Owner::name) == "ann")
                   .to_sql();
    EXPECT_NE(sql.text.find("FROM \"todos\" JOIN \"owners\" ON \"todos\".\"owner_id\" = "
                            "\"owners\".\"id\" WHERE \"owners\".\"name\" = $1"),
              std::string::npos)
        << sql.text;
}

TEST(SelectQuery, AJoinSelectsTheColumnsOfEveryTableInJoinOrder) {
    auto q = select<Owner>()
                 .join<Todo>(col(&Todo::owner_id) == col(&Owner::id))
                 .left_join<Reading>(col(&Reading::id) == col(&Todo::id));
    static_assert(
        std::is_same_v<decltype(q)::row_type, std::tuple<Owner, Todo, std::optional<Reading>>>);
    EXPECT_EQ(q.to_sql().text,
              std::string("SELECT \"owners\".\"id\", \"owners\".\"name\", ") + kCols +
                  ", \"readings\".\"id\", \"readings\".\"device\", \"readings\".\"day\", "
                  "\"readings\".\"value\" FROM \"owners\" JOIN \"todos\" ON \"todos\".\"owner_id\" "
                  "= \"owners\".\"id\" LEFT JOIN \"readings\" ON \"readings\".\"id\" = "
                  "\"todos\".\"id\"");
    // Without a join the statement and the row type are what they were.
    static_assert(std::is_same_v<decltype(select<Todo>())::row_type, Todo>);
}

TEST(SelectQuery, ToSqlOfSelectsOnlyThatTablesColumnsAndKeepsTheJoin) {
    auto q = select<Todo>()
                 .join<Owner>(col(&Todo::owner_id) == col(&Owner::id))
                 .where(col(&Owner::name) == "ann")
                 .order_by(asc(&Owner::name));
    EXPECT_EQ(q.to_sql_of<Todo>().text,
              std::string("SELECT ") + kCols +
                  " FROM \"todos\" JOIN \"owners\" ON \"todos\".\"owner_id\" = \"owners\".\"id\" "
                  "WHERE \"owners\".\"name\" = $1 ORDER BY \"owners\".\"name\" ASC");
    EXPECT_EQ(q.to_sql_of<Owner>().text.substr(0, 50),
              "SELECT \"owners\".\"id\", \"owners\".\"name\" FROM \"todos\"");
    EXPECT_EQ(q.count_sql().text,
              "SELECT count(*) FROM \"todos\" JOIN \"owners\" ON \"todos\".\"owner_id\" = "
              "\"owners\".\"id\" WHERE \"owners\".\"name\" = $1");
}

TEST(SelectQuery, AJoinOnAnLvalueLeavesTheOriginalQueryAsItWas) {
    const auto base = select<Todo>().where(col(&Todo::priority) > 1);
    auto joined = base.join<Owner>(col(&Todo::owner_id) == col(&Owner::id));
    EXPECT_EQ(base.to_sql().text.find("JOIN"), std::string::npos);
    EXPECT_NE(joined.to_sql().text.find("JOIN \"owners\""), std::string::npos);
    EXPECT_NE(joined.to_sql().text.find("WHERE \"todos\".\"priority\" > $1"), std::string::npos);
}

TEST(Col, AnEmptyOptionalComparesAsIsNullAndAFullOneAsItsValue) {
    const std::optional<std::string> none;
    const std::optional<std::string> some = "n";
    EXPECT_EQ(select<Todo>()
                  .where(col(&Todo::note) == none)
                  .to_sql()
                  .text.substr(std::string("SELECT ").size() + std::string(kCols).size()),
              " FROM \"todos\" WHERE \"todos\".\"note\" IS NULL");
    EXPECT_NE(
        (col(&Todo::note) != none).fragment().render(Dialect::postgres).text.find("IS NOT NULL"),
        std::string::npos);
    auto sql = (col(&Todo::note) == some).fragment().render(Dialect::postgres);
    EXPECT_EQ(sql.text, "\"todos\".\"note\" = $1");
    EXPECT_EQ(std::get<std::string>(sql.params.at(0)), "n");
    auto less =
        (col(&Todo::priority) < std::optional<std::int64_t>()).fragment().render(Dialect::sqlite);
    EXPECT_EQ(less.text, "\"todos\".\"priority\" < ?1");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(less.params.at(0)));
}

TEST(Col, NumbersConvertToTheColumnsType) {
    auto sql = (col(&Todo::priority) == std::int64_t{3} && col(&Todo::owner_id) == 4U)
                   .fragment()
                   .render(Dialect::postgres);
    EXPECT_EQ(std::get<std::int32_t>(sql.params.at(0)), 3);
    EXPECT_EQ(std::get<std::int64_t>(sql.params.at(1)), 4);
    auto value = (col(&Reading::value) > 1).fragment().render(Dialect::postgres);
    EXPECT_EQ(std::get<double>(value.params.at(0)), 1.0);
}

TEST(RelatedLoader, RendersOneArrayParameterOnPostgresAndAnInListOnSqlite) {
    const std::vector<std::int64_t> keys{3, 5, 8};
    auto pg = RelatedLoader<Todo>::query(&Todo::owner_id, std::span<const std::int64_t>(keys),
                                         Dialect::postgres, Deleted::exclude)
                  .to_sql(Dialect::postgres);
    EXPECT_EQ(pg.text.substr(std::string("SELECT ").size() + std::string(kCols).size()),
              " FROM \"todos\" WHERE (\"todos\".\"owner_id\" = ANY($1) AND "
              "\"todos\".\"deleted_at\" IS NULL) ORDER BY \"todos\".\"id\" ASC");
    ASSERT_EQ(pg.params.size(), 1U);
    EXPECT_EQ(std::get<std::vector<std::int64_t>>(pg.params[0]), keys);
    auto lite = RelatedLoader<Todo>::query(&Todo::owner_id, std::span<const std::int64_t>(keys),
                                           Dialect::sqlite, Deleted::include,
                                           col(&Todo::priority) > 1, {desc(&Todo::priority)})
                    .to_sql(Dialect::sqlite);
    EXPECT_EQ(lite.text.substr(std::string("SELECT ").size() + std::string(kCols).size()),
              " FROM \"todos\" WHERE (\"todos\".\"owner_id\" IN (?1, ?2, ?3) AND "
              "\"todos\".\"priority\" > ?4) ORDER BY \"todos\".\"priority\" DESC");
}

TEST(SelectQuery, CountAndExistsKeepTheFilter) {
    auto q = select<Todo>().where(col(&Todo::owner_id) == 1).order_by(asc(&Todo::id));
    EXPECT_EQ(q.count_sql().text,
              "SELECT count(*) FROM \"todos\" WHERE \"todos\".\"owner_id\" = $1");
    EXPECT_EQ(q.exists_sql().text,
              "SELECT EXISTS (SELECT 1 FROM \"todos\" WHERE \"todos\".\"owner_id\" = $1)");
}

TEST(InsertQuery, LeavesGeneratedColumnsOutAndUpserts) {
    Reading r{0, "dev", 3, 1.5};
    auto sql = insert<Reading>()
                   .values(r)
                   .on_conflict({&Reading::device, &Reading::day})
                   .do_update({&Reading::value})
                   .returning_all()
                   .to_sql();
    EXPECT_EQ(sql.text,
              "INSERT INTO \"readings\" (\"device\", \"day\", \"value\") VALUES ($1, $2, $3) ON "
              "CONFLICT (\"device\", \"day\") DO UPDATE SET \"value\" = excluded.\"value\" "
              "RETURNING \"id\", \"device\", \"day\", \"value\"");
    EXPECT_EQ(sql.params.size(), 3U);
}

TEST(InsertQuery, RendersDoNothingAndMultiRowValues) {
    std::vector<Owner> owners{{1, "a", {}}, {2, "b", {}}};
    auto sql =
        insert<Owner>().values(std::span<const Owner>(owners)).do_nothing().to_sql(Dialect::sqlite);
    EXPECT_EQ(sql.text,
              "INSERT INTO \"owners\" (\"id\", \"name\") VALUES (?1, ?2), (?3, ?4) ON CONFLICT DO "
              "NOTHING");
}

TEST(InsertQuery, RefusesDoUpdateWithoutConflictTarget) {
    EXPECT_THROW((void)insert<Owner>().values(Owner{1, "a", {}}).do_update({&Owner::name}),
                 UsageError);
}

TEST(UpdateQuery, RendersSetsWhereAndReturning) {
    auto sql = update<Todo>()
                   .set(&Todo::title, "t")
                   .set_null(&Todo::note)
                   .where(col(&Todo::id) == 4)
                   .returning_all()
                   .to_sql();
    EXPECT_EQ(
        sql.text.substr(0, 78),
        "UPDATE \"todos\" SET \"title\" = $1, \"note\" = $2 WHERE \"todos\".\"id\" = $3 RETURNING");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(sql.params[1]));
}

TEST(UpdateQuery, SetBindsTheMembersOwnTypeAndNulloptAsNull) {
    const auto sql = update<Todo>()
                         .set(&Todo::priority, std::int64_t{3})
                         .set(&Todo::note, std::nullopt)
                         .set(&Todo::title, std::string_view("t"))
                         .where(col(&Todo::id) == 1)
                         .to_sql();
    ASSERT_EQ(sql.params.size(), 4U);
    EXPECT_TRUE(std::holds_alternative<std::int32_t>(sql.params[0]));
    EXPECT_TRUE(std::holds_alternative<std::monostate>(sql.params[1]));
    EXPECT_TRUE(std::holds_alternative<std::string>(sql.params[2]));
    const auto p = Patch<Reading>{}.set(&Reading::value, 2).set(&Reading::day, std::int16_t{5});
    ASSERT_EQ(p.entries().size(), 2U);
    EXPECT_TRUE(std::holds_alternative<double>(p.entries()[0].second));
    EXPECT_TRUE(std::holds_alternative<std::int32_t>(p.entries()[1].second));
}

TEST(DeleteQuery, RendersWhere) {
    EXPECT_EQ(delete_from<Owner>().where(col(&Owner::id) == 1).to_sql().text,
              "DELETE FROM \"owners\" WHERE \"owners\".\"id\" = $1");
}

TEST(Sql, ToStringShowsTextAndParameters) {
    auto s = select<Owner>().where(col(&Owner::name) == "o'k").to_sql().to_string();
    EXPECT_NE(s.find("-- params: $1='o''k'"), std::string::npos) << s;
}

TEST(QuoteIdentifier, DoublesQuotesAndRejectsNulAndEmpty) {
    EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
    EXPECT_THROW((void)quote_identifier(std::string_view("a\0b", 3)), UsageError);
    EXPECT_THROW((void)quote_identifier(""), UsageError);
}

TEST(Col, RefusesAnUnmappedMember) {
    EXPECT_EQ(col(&Owner::name).name(), "name");
    EXPECT_THROW((void)col(&Owner::scratch), UsageError);
}

TEST(Patch, TellsUnchangedNullAndValueApart) {
    auto p = Patch<Todo>{}.set(&Todo::title, "x").set_null(&Todo::note);
    EXPECT_EQ(p.state(&Todo::title), PatchState::value);
    EXPECT_EQ(p.state(&Todo::note), PatchState::null);
    EXPECT_EQ(p.state(&Todo::priority), PatchState::unchanged);
    p.set(&Todo::note, std::optional<std::string>{});
    EXPECT_EQ(p.state(&Todo::note), PatchState::null);
    p.set(&Todo::note, std::string("n"));
    EXPECT_EQ(p.state(&Todo::note), PatchState::value);
    EXPECT_EQ(p.entries().size(), 2U);
}

TEST(Repository, HasNoMemberThatEndsTheTransaction) {
    static_assert(!session::CanEndTransaction<Repository<Todo>>);
    static_assert(!HasCommit<Repository<Todo>>);
    static_assert(!HasRollback<Repository<Todo>>);
    SUCCEED();
}

TEST(SoftDeleteFilter, IsEmptyForTablesWithoutDeletedAt) {
    EXPECT_TRUE(soft_delete_filter<Reading>().empty());
    EXPECT_EQ(select<Todo>()
                  .where(soft_delete_filter<Todo>(Deleted::only))
                  .to_sql()
                  .text.substr(std::string("SELECT ").size() + std::string(kCols).size()),
              " FROM \"todos\" WHERE \"todos\".\"deleted_at\" IS NOT NULL");
}

}  // namespace
}  // namespace strata::orm::test
