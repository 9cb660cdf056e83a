// The schema corpus (tests/schema/corpus): every schema loads, dumps, reloads into a fresh
// database with pg_dump --schema-only of both equal, equal catalogs, an empty diff and a
// byte-identical second dump; every pair (corpus/pairs) differs by exactly the named property.
#include <gmock/gmock.h>

#include <fmt/format.h>

#include <algorithm>

#include "pg_fixture.hpp"
#include "strata/schema/catalog_json.hpp"
#include "strata/schema/diff.hpp"
#include "strata/schema/dump.hpp"
#include "test_support.hpp"

namespace strata::schema::test {
namespace {

const std::filesystem::path kCorpus =
    std::filesystem::path(STRATA_SOURCE_DIR) / "tests/schema/corpus";

std::vector<std::string> corpus_files(const std::filesystem::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() == ".sql") out.push_back(e.path().stem().string());
    }
    std::ranges::sort(out);
    return out;
}

/// A database of its own for one side of a comparison, dropped at the end.
class Scratch {
public:
    explicit Scratch(const std::string& sql)
        : url_(strata::testing::fresh_database_url("corpus")),
          conn_(driver::Connection::open(url_)) {
        conn_->execute_script(sql);
    }
    ~Scratch() {
        drop_subscriptions(*conn_);
        conn_.reset();
        strata::testing::Server::instance().drop_database(url_);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    Catalog read() {
        IntrospectOptions o;
        o.ownership = true;
        return introspect(*conn_, o);
    }
    [[nodiscard]] const std::string& url() const { return url_; }
    /// Every ACL of the database's user objects as the server stores it: relations, columns,
    /// functions, types, schemas, wrappers, servers and default privileges.
    std::vector<std::string> acls() {
        auto rows = conn_->query(
            "SELECT 'relation ' || c.oid::regclass::text || ' ' || coalesce(c.relacl::text, '-') "
            "FROM pg_class c WHERE c.oid >= 16384 AND c.relnamespace::regnamespace::text NOT "
            "LIKE 'pg_%' UNION ALL SELECT 'column ' || a.attrelid::regclass::text || '.' || "
            "a.attname || ' ' || a.attacl::text FROM pg_attribute a WHERE a.attrelid >= 16384 "
            "AND a.attacl IS NOT NULL UNION ALL SELECT 'function ' || p.oid::regprocedure::text "
            "|| ' ' || coalesce(p.proacl::text, '-') FROM pg_proc p WHERE p.oid >= 16384 UNION "
            "ALL SELECT 'type ' || t.oid::regtype::text || ' ' || coalesce(t.typacl::text, '-') "
            "FROM pg_type t WHERE t.oid >= 16384 UNION ALL SELECT 'schema ' || n.nspname || ' ' "
            "|| coalesce(n.nspacl::text, '-') FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg_%' "
            "UNION ALL SELECT 'wrapper ' || fdwname || ' ' || coalesce(fdwacl::text, '-') FROM "
            "pg_foreign_data_wrapper UNION ALL SELECT 'server ' || srvname || ' ' || "
            "coalesce(srvacl::text, '-') FROM pg_foreign_server UNION ALL SELECT 'default ' || "
            "pg_get_userbyid(d.defaclrole) || ' ' || d.defaclnamespace::regnamespace::text || ' ' "
            "|| d.defaclobjtype::text || ' ' || d.defaclacl::text FROM pg_default_acl d ORDER BY "
            "1");
        std::vector<std::string> out;
        for (const auto& r : rows) out.push_back(r.get<std::string>(0));
        return out;
    }

private:
    std::string url_;
    std::optional<driver::Connection> conn_;
};

/// pg_dump's statements without comments, SET lines and blank lines, sorted: equal when both
/// databases hold the same objects whatever the order they were created in.
std::vector<std::string> normalized_pg_dump(const std::string& url) {
    std::vector<std::string> statements;
    std::string current;
    std::istringstream lines(pg_dump_schema(url));
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("--") || line.starts_with("SET ") ||
            line.starts_with("SELECT pg_catalog.set_config"))
            continue;
        if (line.empty()) {
            if (!current.empty()) statements.push_back(std::move(current));
            current.clear();
            continue;
        }
        current += line + "\n";
    }
    if (!current.empty()) statements.push_back(std::move(current));
    std::ranges::sort(statements);
    return statements;
}

class Corpus : public ::testing::TestWithParam<std::string> {};

TEST_P(Corpus, DumpsReloadsAndComparesEqual) {
    auto sql = read_text(kCorpus / (GetParam() + ".sql"));
    Scratch original(sql);
    auto before = original.read();
    DumpOptions options;
    options.ownership = true;
    options.history = false;
    auto script = render_dump(before, options);
    std::optional<Scratch> loaded;
    try {
        loaded.emplace(script);
    } catch (const std::exception& e) {
        FAIL() << "the dump does not load: " << e.what() << "\n" << script;
    }
    auto& reloaded = *loaded;
    auto after = reloaded.read();
    EXPECT_TRUE(after == before) << catalog_to_json(before).dump(1) << "\n---\n"
                                 << catalog_to_json(after).dump(1);
    auto differences = diff(before, after);
    EXPECT_TRUE(differences.empty()) << format_differences(differences);
    EXPECT_EQ(render_dump(after, options), script)
        << unified_diff(script, render_dump(after, options), "first dump", "second dump");
    EXPECT_EQ(reloaded.acls(), original.acls());
    auto a = normalized_pg_dump(original.url());
    auto b = normalized_pg_dump(reloaded.url());
    EXPECT_EQ(a, b) << unified_diff(fmt::format("{}", fmt::join(a, "\n")),
                                    fmt::format("{}", fmt::join(b, "\n")), "pg_dump original",
                                    "pg_dump reloaded")
                    << "\nstrata dump:\n"
                    << script;
}

INSTANTIATE_TEST_SUITE_P(Schemas, Corpus, ::testing::ValuesIn(corpus_files(kCorpus)),
                         [](const auto& param_info) { return param_info.param; });

/// corpus/pairs/NAME.sql: "-- expect: <line of strata diff>", then "-- from:" and "-- to:"
/// sections.
class CorpusPairs : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusPairs, DiffNamesTheOnePropertyThatDiffers) {
    auto text = read_text(kCorpus / "pairs" / (GetParam() + ".sql"));
    auto expect_at = text.find("-- expect: ");
    auto from_at = text.find("-- from:\n");
    auto to_at = text.find("-- to:\n");
    ASSERT_NE(expect_at, std::string::npos);
    ASSERT_NE(from_at, std::string::npos);
    ASSERT_NE(to_at, std::string::npos);
    auto expect_end = text.find('\n', expect_at);
    auto expected = text.substr(expect_at + 11, expect_end - expect_at - 11);
    Scratch from(text.substr(from_at, to_at - from_at));
    Scratch to(text.substr(to_at));
    auto differences = diff(from.read(), to.read());
    EXPECT_EQ(format_differences(differences), expected + "\n");
}

INSTANTIATE_TEST_SUITE_P(Pairs, CorpusPairs, ::testing::ValuesIn(corpus_files(kCorpus / "pairs")),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace strata::schema::test
