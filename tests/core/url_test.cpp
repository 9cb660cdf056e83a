// DatabaseUrl: parsing every accepted form, errors naming the origin, redacted output, conninfo.
#include "strata/core/url.hpp"

#include <gtest/gtest.h>

#include "strata/core/error.hpp"

namespace strata {
namespace {

std::string url_error(std::string_view text, std::string_view origin = "DATABASE_URL") {
    try {
        (void)DatabaseUrl::parse(text, origin);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Url, ParsesAFullPostgresqlUrl) {
    const auto url =
        DatabaseUrl::parse("postgresql://app:pw@db.example.com:6543/appdb?sslmode=require");
    EXPECT_FALSE(url.is_sqlite());
    ASSERT_EQ(url.hosts().size(), 1u);
    EXPECT_EQ(url.hosts()[0].host, "db.example.com");
    EXPECT_EQ(url.hosts()[0].port, 6543);
    EXPECT_EQ(url.user(), "app");
    EXPECT_EQ(url.password(), "pw");
    EXPECT_EQ(url.dbname(), "appdb");
    EXPECT_EQ(url.option("sslmode"), "require");
}

TEST(Url, AcceptsThePostgresScheme) {
    EXPECT_EQ(DatabaseUrl::parse("postgres://h/d").dbname(), "d");
}

TEST(Url, PercentDecodesEveryComponent) {
    const auto url = DatabaseUrl::parse(
        "postgresql://us%40er:p%40ss%3Aw%2Fd@h/my%20db?options=-csearch_path%3Dapp");
    EXPECT_EQ(url.user(), "us@er");
    EXPECT_EQ(url.password(), "p@ss:w/d");
    EXPECT_EQ(url.dbname(), "my db");
    EXPECT_EQ(url.option("options"), "-csearch_path=app");
}

TEST(Url, ParsesIpv6HostWithPort) {
    const auto url = DatabaseUrl::parse("postgresql://[::1]:5432/db");
    ASSERT_EQ(url.hosts().size(), 1u);
    EXPECT_EQ(url.hosts()[0], (UrlHost{"::1", 5432}));
    EXPECT_EQ(DatabaseUrl::parse("postgresql://[fe80::1%25eth0]/db").hosts()[0].host,
              "fe80::1%eth0");
}

TEST(Url, ParsesMultipleHosts) {
    const auto url = DatabaseUrl::parse("postgresql://host1:5432,host2:5433,[::1]/db");
    ASSERT_EQ(url.hosts().size(), 3u);
    EXPECT_EQ(url.hosts()[0], (UrlHost{"host1", 5432}));
    EXPECT_EQ(url.hosts()[1], (UrlHost{"host2", 5433}));
    EXPECT_EQ(url.hosts()[2], (UrlHost{"::1", std::nullopt}));
    EXPECT_EQ(url.libpq_conninfo(), "host='host1,host2,::1' port='5432,5433,' dbname='db'");
}

TEST(Url, ParsesUnixSocketHostFromQueryOrPercentEncoding) {
    const auto query = DatabaseUrl::parse("postgresql:///app?host=/var/run/postgresql&port=5433");
    ASSERT_EQ(query.hosts().size(), 1u);
    EXPECT_EQ(query.hosts()[0], (UrlHost{"/var/run/postgresql", 5433}));
    EXPECT_EQ(query.dbname(), "app");
    EXPECT_TRUE(query.options().empty());
    const auto encoded = DatabaseUrl::parse("postgresql://%2Fvar%2Frun%2Fpostgresql/app");
    EXPECT_EQ(encoded.hosts()[0].host, "/var/run/postgresql");
}

TEST(Url, KeepsLibpqOptionsInOrderAndStrataPrepareApart) {
    const auto url = DatabaseUrl::parse(
        "postgresql://h/d?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=5"
        "&application_name=api&prepare=off");
    ASSERT_EQ(url.options().size(), 4u);
    EXPECT_EQ(url.options()[1],
              (std::pair<std::string, std::string>{"sslrootcert", "/etc/ca.pem"}));
    EXPECT_EQ(url.prepare(), false);
    EXPECT_EQ(url.option("prepare"), std::nullopt);
    EXPECT_EQ(url.libpq_conninfo().find("prepare"), std::string::npos);
}

TEST(Url, ParsesSqliteForms) {
    const auto relative = DatabaseUrl::parse("sqlite:///relative.db");
    EXPECT_TRUE(relative.is_sqlite());
    EXPECT_EQ(relative.sqlite_path(), "relative.db");
    EXPECT_EQ(DatabaseUrl::parse("sqlite:////abs/dir/x.db").sqlite_path(), "/abs/dir/x.db");
    EXPECT_EQ(DatabaseUrl::parse("sqlite::memory:").sqlite_path(), ":memory:");
    EXPECT_EQ(DatabaseUrl::parse("sqlite:///my%20file.db").sqlite_path(), "my file.db");
}

TEST(Url, SqliteFormsRoundTrip) {
    for (const char* text : {"sqlite:///relative.db", "sqlite:////abs.db", "sqlite::memory:"}) {
        EXPECT_EQ(DatabaseUrl::parse(text).to_string(), text);
    }
}

TEST(Url, ErrorsNameTheOriginAndTheProblem) {
    // The port text is never quoted: without an '@' it may be a password.
    EXPECT_EQ(url_error("postgresql://h:54x2/db")
                  .rfind("DATABASE_URL: the port after a host is not a number from 1 to 65535", 0),
              0U);
    EXPECT_EQ(url_error("postgresql://h:70000/db").find("70000"), std::string::npos);
    EXPECT_EQ(url_error("mysql://h/db", "strata.toml:3"),
              "strata.toml:3: unsupported scheme \"mysql\" (expected postgresql://, postgres:// "
              "or sqlite:)");
    EXPECT_NE(
        url_error("postgresql://h/db?sslmod=require").find("unknown connection option \"sslmod\""),
        std::string::npos);
    EXPECT_NE(
        url_error("postgresql://h/d%zz").find("invalid percent-encoding in the database name"),
        std::string::npos);
    EXPECT_NE(url_error("postgresql://[::1/db").find("an IPv6 address without its closing ']'"),
              std::string::npos);
    EXPECT_NE(url_error("postgresql://::1/db").find("brackets"), std::string::npos);
    EXPECT_NE(url_error("postgresql://h/d?sslmode").find("has no value"), std::string::npos);
    EXPECT_NE(url_error("sqlite://host/x.db").find("no host"), std::string::npos);
    EXPECT_NE(url_error("sqlite:///").find("empty path"), std::string::npos);
    EXPECT_NE(url_error("").find("empty"), std::string::npos);
    EXPECT_NE(url_error("postgresql://h/d?prepare=maybe").find("prepare"), std::string::npos);
}

TEST(Url, ErrorForAMalformedUrlNeverContainsThePassword) {
    for (const char* text :
         {"postgresql://app:Tr0ub4dor@h:54x2/db", "postgresql://app:Tr0ub4dor@h/db?sslmod=x",
          "postgresql://app:Tr0ub4dor@[::1/db", "postgresql://app:Tr0ub4dor%zz@h/db",
          "postgresql://app:Tr0ub4dor/x@h:bad/db", "mysql://app:Tr0ub4dor@h/db"}) {
        const std::string message = url_error(text);
        EXPECT_NE(message, "(no error)") << text;
        EXPECT_EQ(message.find("Tr0ub4dor"), std::string::npos) << message;
    }
}

TEST(Url, ToStringRedactsThePasswordByDefault) {
    const auto url = DatabaseUrl::parse("postgresql://app:s%40cret@h:5432/db?sslmode=require");
    EXPECT_EQ(url.to_string(), "postgresql://app:****@h:5432/db?sslmode=require");
    EXPECT_EQ(url.to_string(DatabaseUrl::Password::reveal),
              "postgresql://app:s%40cret@h:5432/db?sslmode=require");
}

TEST(Url, ToStringRoundTripsThroughParse) {
    for (const char* text :
         {"postgresql://u:p@h1:1,[::1]:2/d?options=-csearch_path%3Dapp",
          "postgresql:///app?host=/tmp/sock&port=5433&prepare=off", "postgresql://h/my%20db"}) {
        const auto url = DatabaseUrl::parse(text);
        EXPECT_EQ(DatabaseUrl::parse(url.to_string(DatabaseUrl::Password::reveal)), url) << text;
    }
}

TEST(Url, RoundTripsTheCasesTheFuzzerFound) {
    for (const char* text : {"sqlite:///x.db?host=/a&mode=ro", "postgresql://h?host=::1",
                             "postgresql://h?host=", "postgresql://%2Fa%2Cb/d"}) {
        const auto url = DatabaseUrl::parse(text);
        EXPECT_EQ(DatabaseUrl::parse(url.to_string(DatabaseUrl::Password::reveal)), url) << text;
    }
    EXPECT_EQ(DatabaseUrl::parse("sqlite:///x.db?mode=ro").option("mode"), "ro");
    EXPECT_TRUE(DatabaseUrl::parse("postgresql://h?host=").hosts().empty());
}

TEST(Url, ConninfoQuotesAndEscapesValues) {
    const auto url = DatabaseUrl::parse(
        "postgresql://o%27neil:a%27b%5Cc%20d@h:5432/db?application_name=my%20app");
    EXPECT_EQ(url.libpq_conninfo(),
              "host='h' port='5432' user='o\\'neil' password='a\\'b\\\\c d' dbname='db' "
              "application_name='my app'");
    EXPECT_THROW((void)DatabaseUrl::parse("sqlite::memory:").libpq_conninfo(), UsageError);
}

TEST(Url, QueryComponentsOverrideTheAuthority) {
    const auto url = DatabaseUrl::parse("postgresql://a@h/d?user=b&dbname=e&password=x");
    EXPECT_EQ(url.user(), "b");
    EXPECT_EQ(url.dbname(), "e");
    EXPECT_EQ(url.password(), "x");
}

TEST(Url, SettersBuildAUrlFromParts) {
    DatabaseUrl url;
    url.set_host("db");
    url.set_port(5433);
    url.set_user("app");
    url.set_password("pw");
    url.set_dbname("appdb");
    url.set_option("sslmode", "require");
    EXPECT_EQ(url.to_string(), "postgresql://app:****@db:5433/appdb?sslmode=require");
    EXPECT_THROW(url.set_option("sslmod", "x", "APP_DATABASE__SSLMOD"), ConfigError);
}

}  // namespace
}  // namespace strata
