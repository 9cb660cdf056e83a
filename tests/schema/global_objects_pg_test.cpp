// Objects outside schemas (extensions' neighbours: casts, event triggers, publications,
// subscriptions, wrappers, servers, user mappings, access methods, their security labels) are
// read only without a schema filter; subscriptions never carry a password; security labels
// are read from pg_seclabels.
#include <gmock/gmock.h>

#include <algorithm>
#include <set>

#include "pg_fixture.hpp"
#include "strata/schema/dump.hpp"

namespace strata::schema::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class GlobalObjects : public PgSchemaTest {
protected:
    static DumpOptions no_history() {
        DumpOptions options;
        options.history = false;
        return options;
    }
    static std::set<std::string> kinds(const Catalog& cat) {
        std::set<std::string> out;
        for (const auto& o : cat.objects) out.insert(o.kind);
        return out;
    }
    static const Object* find(const Catalog& cat, std::string_view kind, std::string_view name) {
        auto it = std::ranges::find_if(
            cat.objects, [&](const Object& o) { return o.kind == kind && o.name == name; });
        return it == cat.objects.end() ? nullptr : &*it;
    }
    void create_globals() {
        run("CREATE SCHEMA app;"
            "CREATE TABLE app.t (id int PRIMARY KEY, v text);"
            "CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS "
            "$$BEGIN END$$;"
            "CREATE EVENT TRIGGER app_ddl ON ddl_command_end EXECUTE FUNCTION app.on_ddl();"
            "CREATE PUBLICATION app_pub FOR TABLE app.t;"
            "CREATE FOREIGN DATA WRAPPER app_fdw;"
            "CREATE SERVER app_server FOREIGN DATA WRAPPER app_fdw;"
            "CREATE USER MAPPING FOR PUBLIC SERVER app_server;"
            "CREATE ACCESS METHOD app_heap TYPE TABLE HANDLER heap_tableam_handler;"
            "CREATE SUBSCRIPTION app_sub CONNECTION 'dbname=elsewhere' PUBLICATION p "
            "WITH (connect = false);");
    }
};

TEST_F(GlobalObjects, AreReadWithoutASchemaFilter) {
    create_globals();
    auto all = kinds(read());
    for (const char* kind : {"event trigger", "publication", "foreign data wrapper", "server",
                             "user mapping", "access method", "subscription"}) {
        EXPECT_TRUE(all.contains(kind)) << kind;
    }
    auto script = render_dump(read(), no_history());
    EXPECT_THAT(script, HasSubstr("CREATE EVENT TRIGGER app_ddl"));
    EXPECT_THAT(script, HasSubstr("CREATE PUBLICATION app_pub"));
    EXPECT_THAT(script, HasSubstr("CREATE SUBSCRIPTION app_sub"));
}

TEST_F(GlobalObjects, AreLeftOutWithASchemaFilter) {
    create_globals();
    IntrospectOptions options;
    options.include_schemas = {"app"};
    auto cat = read(options);
    EXPECT_NE(cat.find_table("app", "t"), nullptr);
    EXPECT_THAT(kinds(cat), ::testing::IsEmpty());
    auto script = render_dump(cat, no_history());
    EXPECT_THAT(script, Not(HasSubstr("EVENT TRIGGER")));
    EXPECT_THAT(script, Not(HasSubstr("PUBLICATION")));
    EXPECT_THAT(script, Not(HasSubstr("SUBSCRIPTION")));
    EXPECT_THAT(script, Not(HasSubstr("SERVER")));
    EXPECT_THAT(script, Not(HasSubstr("ACCESS METHOD")));
}

TEST_F(GlobalObjects, SubscriptionsNeverCarryAPassword) {
    run("CREATE SUBSCRIPTION s_keyword CONNECTION 'host=pub.internal user=rep password=kw_secret "
        "dbname=shop' PUBLICATION p WITH (connect = false);"
        "CREATE SUBSCRIPTION s_quoted CONNECTION 'host=pub.internal password = ''q s\\'' "
        "secret'' dbname=shop' PUBLICATION p WITH (connect = false);"
        "CREATE SUBSCRIPTION s_uri CONNECTION 'postgresql://rep:uri_secret@pub.internal/shop?"
        "password=query_secret&sslmode=require' PUBLICATION p WITH (connect = false);");
    auto cat = read();
    const auto* keyword = find(cat, "subscription", "s_keyword");
    const auto* quoted = find(cat, "subscription", "s_quoted");
    const auto* uri = find(cat, "subscription", "s_uri");
    ASSERT_NE(keyword, nullptr);
    ASSERT_NE(quoted, nullptr);
    ASSERT_NE(uri, nullptr);
    EXPECT_EQ(keyword->properties.at("connection"), "host=pub.internal user=rep dbname=shop");
    EXPECT_EQ(quoted->properties.at("connection"), "host=pub.internal dbname=shop");
    EXPECT_EQ(uri->properties.at("connection"),
              "postgresql://rep@pub.internal/shop?sslmode=require");
    auto script = render_dump(cat, no_history());
    EXPECT_THAT(script, Not(HasSubstr("secret")));
    EXPECT_THAT(script, HasSubstr("CREATE SUBSCRIPTION s_keyword CONNECTION 'host=pub.internal "
                                  "user=rep dbname=shop' PUBLICATION p WITH (connect = false, "
                                  "slot_name = 's_keyword');"));
}

TEST_F(GlobalObjects, SecurityLabelsAreReadFromTheCatalog) {
    // No label provider can be loaded here (sepgsql needs SELinux), so SECURITY LABEL itself
    // fails; the label is written into pg_seclabel the way a provider would store it.
    run("CREATE TABLE public.secret (id int, pin text);"
        "INSERT INTO pg_seclabel (objoid, classoid, objsubid, provider, label) VALUES "
        "('public.secret'::regclass, 'pg_class'::regclass, 0, 'selinux', "
        "'system_u:object_r:sepgsql_secret_table_t:s0'), ('public.secret'::regclass, "
        "'pg_class'::regclass, 2, 'selinux', 'system_u:object_r:sepgsql_table_t:s0');");
    auto cat = read();
    std::vector<std::string> labels;
    for (const auto& o : cat.objects) {
        if (o.kind == "security label")
            labels.push_back(o.qualified() + " = " + o.properties.at("label"));
    }
    EXPECT_THAT(
        labels,
        ::testing::ElementsAre(
            "selinux ON COLUMN public.secret.pin = system_u:object_r:sepgsql_table_t:s0",
            "selinux ON TABLE public.secret = system_u:object_r:sepgsql_secret_table_t:s0"));
    auto script = render_dump(cat, no_history());
    EXPECT_THAT(script, HasSubstr("SECURITY LABEL FOR selinux ON TABLE public.secret IS "
                                  "'system_u:object_r:sepgsql_secret_table_t:s0';"));
    EXPECT_THAT(script, HasSubstr("SECURITY LABEL FOR selinux ON COLUMN public.secret.pin IS "
                                  "'system_u:object_r:sepgsql_table_t:s0';"));
    IntrospectOptions other;
    other.include_schemas = {"nothing_here*"};
    other.require_match = false;
    for (const auto& o : read(other).objects) EXPECT_NE(o.kind, "security label");
}

}  // namespace
}  // namespace strata::schema::test
