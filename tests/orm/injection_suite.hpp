// The injection corpus through every value and identifier entry point, on both backends.
#pragma once

#include <string>
#include <vector>

#include "orm/repository_suite.hpp"

namespace strata::orm::test {

/// A table and columns whose names are themselves hostile.
struct Evil {
    std::int64_t id = 0;
    std::string text;
};

}  // namespace strata::orm::test

template <>
struct strata::orm::Table<strata::orm::test::Evil> {
    using T = strata::orm::test::Evil;
    static constexpr std::string_view name = "ev\"il'; DROP TABLE todos; --";
    static constexpr auto columns = std::make_tuple(column("i\"d; --", &T::id, kPrimaryKey),
                                                    column("te'xt\") /* */", &T::text));
};

namespace strata::orm::test {

inline std::vector<std::string> injection_corpus() {
    return {"'",
            "''",
            "\"",
            "'; DROP TABLE todos; --",
            "\" OR 1=1 --",
            "a' OR '1'='1",
            "/* comment */",
            "-- line comment",
            "x; SELECT 1; --",
            "$1",
            "?1",
            "\\",
            "\\x27",
            "E'\\047'",
            "U&\"\\0041\"",
            "\\u0027",
            "\xE2\x80\x8B zero width",
            "\xF0\x9F\x98\x80 emoji",
            "%_% like wildcards",
            "$$ dollar $$",
            "\n\r\t"};
}

TEST_F(RepositorySuite, ValuesFromTheInjectionCorpusRoundTripAndChangeNoSql) {
    auto corpus = injection_corpus();
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        std::int64_t owner = 0;
        for (const auto& v : corpus) {
            ++owner;
            auto t = todo(owner, v);
            t.note = v;
            t.payload = Bytes(v);
            auto id = todos.insert(t).id;
            const Expr mine = col(&Todo::owner_id) == owner;
            auto by_value = todos.get_one(col(&Todo::title) == v && mine);
            ASSERT_TRUE(by_value) << v;
            EXPECT_EQ(by_value->id, id);
            EXPECT_EQ(by_value->note, v);
            EXPECT_EQ(by_value->payload, Bytes(v));
            if (v.find_first_of("%_\\") == std::string::npos) {
                EXPECT_EQ(todos.find(col(&Todo::note).like(v) && mine).size(), 1U) << v;
            }
            auto patched = todos.update_by_id(id, Patch<Todo>{}.set(&Todo::title, v + v));
            EXPECT_EQ(patched->title, v + v);
            EXPECT_EQ(todos.load_many({id}).at(0).title, v + v);
            EXPECT_EQ(todos.count(col(&Todo::title).in({v + v, v}) && mine), 1);
        }
        Repository<Reading> readings(s);
        for (const auto& v : corpus) {
            auto r = readings.upsert(Reading{0, v, 1, 1.0}, {&Reading::device, &Reading::day},
                                     {&Reading::value});
            EXPECT_EQ(r.device, v);
        }
        EXPECT_EQ(todos.count(), static_cast<std::int64_t>(corpus.size()));
    });
}

TEST_F(RepositorySuite, NulBytesRoundTripInBytesAndFailCleanlyInText) {
    const std::string nul("a\0b'; --", 8);
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        auto t = todo(1, "nul");
        t.payload = Bytes(nul);
        auto id = todos.insert(t).id;
        EXPECT_EQ(todos.get_by_id(id)->payload, Bytes(nul));
        EXPECT_EQ(todos.get_by_id(id)->payload.size(), 8U);
    });
    if (pg()) {
        EXPECT_THROW(db_->transact([&](Session& s) { Repository<Todo>(s).insert(todo(2, nul)); }),
                     Error);
    } else {
        db_->transact([&](Session& s) {
            Repository<Todo> todos(s);
            auto id = todos.insert(todo(2, nul)).id;
            EXPECT_EQ(todos.get_by_id(id)->title, nul);
        });
    }
    EXPECT_EQ(db_->transact([](Session& s) { return Repository<Todo>(s).count(); }), pg() ? 1 : 2);
}

TEST_F(RepositorySuite, HostileIdentifiersAreQuotedEverywhere) {
    db_->transact([&](Session& s) {
        s.execute_script("CREATE TABLE " + quote_identifier(Table<Evil>::name) + " (" +
                         quote_identifier("i\"d; --") + " bigint PRIMARY KEY, " +
                         quote_identifier("te'xt\") /* */") + " text NOT NULL)");
        Repository<Evil> evil(s);
        for (std::int64_t i = 0; i < 3; ++i)
            evil.insert(Evil{i, injection_corpus()[static_cast<std::size_t>(i) + 3]});
        EXPECT_EQ(evil.count(col(&Evil::text) != "x"), 3);
        EXPECT_EQ(evil.get_by_id(0)->text, "'; DROP TABLE todos; --");
        EXPECT_TRUE(evil.update_by_id(1, Patch<Evil>{}.set(&Evil::text, "y")));
        EXPECT_EQ(evil.upsert(Evil{2, "z"}, {&Evil::id}, {&Evil::text}).text, "z");
        EXPECT_TRUE(evil.delete_by_id(0));
        EXPECT_EQ(evil.page({}, 10).size(), 2U);
        EXPECT_THROW((void)quote_identifier(std::string_view("a\0b", 3)), UsageError);
        Repository<Todo>(s).insert(todo(1, "still here"));
        EXPECT_EQ(Repository<Todo>(s).count(), 1) << "the todos table is intact";
    });
}

}  // namespace strata::orm::test
