// Rows decoded through the column plan (PgResult::cells) against a real server: the same values
// as cell-by-cell access, NULL told from an empty value.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "strata/driver/connection.hpp"
#include "strata/testing/server.hpp"

namespace strata::driver {
namespace {

struct Event {
    std::int64_t id = 0;
    std::string kind;
    std::optional<std::string> note;
    std::optional<Timestamptz> at;
    bool flag = false;
    double score = 0;
    std::int32_t small = 0;
    Uuid ref;
    Date day;
};

}  // namespace

template <>
struct RowMapping<Event> {
    static constexpr auto fields = std::make_tuple(
        field("id", &Event::id), field("kind", &Event::kind), field("note", &Event::note),
        field("at", &Event::at), field("flag", &Event::flag), field("score", &Event::score),
        field("small", &Event::small), field("ref", &Event::ref), field("day", &Event::day));
};

namespace {

TEST(RowPlanPg, WholeRowsDecodeAsCellByCellAccessDoesWithNullsAndEmptyValues) {
    auto c = Connection::open(strata::testing::fresh_database_url("rowplan"));
    const auto result = c.query(
        "SELECT g::int8 AS id, CASE WHEN g % 3 = 0 THEN '' ELSE 'k' || g END AS kind, "
        "CASE WHEN g % 2 = 0 THEN NULL WHEN g % 5 = 0 THEN '' ELSE 'n' || g END AS note, "
        "CASE WHEN g % 4 = 0 THEN NULL WHEN g = 7 THEN 'infinity'::timestamptz "
        "ELSE '2024-01-01Z'::timestamptz + g * interval '1 second' END AS at, "
        "g % 2 = 1 AS flag, g / 4.0::float8 AS score, (g * 3)::int4 AS small, "
        "md5(g::text)::uuid AS ref, DATE '2024-02-28' + g AS day "
        "FROM generate_series(1, 500) g ORDER BY g");
    const auto events = result.as<Event>();
    ASSERT_EQ(events.size(), 500U);
    for (std::size_t r = 0; r < events.size(); ++r) {
        const Row row = result[r];
        const Event& e = events[r];
        EXPECT_EQ(e.id, row.get<std::int64_t>("id"));
        EXPECT_EQ(e.kind, row.get<std::string>("kind"));
        EXPECT_EQ(e.note, row.get<std::optional<std::string>>("note"));
        EXPECT_EQ(e.at, row.get<std::optional<Timestamptz>>("at"));
        EXPECT_EQ(e.flag, row.get<bool>("flag"));
        EXPECT_EQ(e.score, row.get<double>("score"));
        EXPECT_EQ(e.small, row.get<std::int32_t>("small"));
        EXPECT_EQ(e.ref, row.get<Uuid>("ref"));
        EXPECT_EQ(e.day, row.get<Date>("day"));
    }
    EXPECT_EQ(events[2].kind, "") << "an empty text is not NULL";
    EXPECT_EQ(events[4].note, std::optional<std::string>("")) << "an empty text is not NULL";
    EXPECT_EQ(events[1].note, std::nullopt);
    EXPECT_EQ(events[6].at, Timestamptz::infinity());
    EXPECT_EQ(events[0].at, Timestamptz(1'704'067'201'000'000));  // 2024-01-01 00:00:01Z
    EXPECT_EQ(events[0].day, Date::parse("2024-02-29"));
    EXPECT_EQ(events[0].ref, Uuid::parse("c4ca4238-a0b9-2382-0dcc-509a6f75849b"));
    // A NULL where the struct has no optional is still reported, naming the column.
    try {
        (void)c
            .query(
                "SELECT 1::int8 AS id, NULL::text AS kind, NULL::text AS note, "
                "NULL::timestamptz AS at, true AS flag, 1.0::float8 AS score, 1 AS small, "
                "md5('x')::uuid AS ref, CURRENT_DATE AS day")
            .as<Event>();
        FAIL() << "NULL decoded into std::string";
    } catch (const DecodeError& e) {
        EXPECT_NE(std::string(e.what()).find("\"kind\""), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace strata::driver
