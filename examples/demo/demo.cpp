// The `make demo` program: the embedded PostgreSQL, typed rows in a transaction, a rollback,
// narrated.
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

#include "strata/cluster/embedded_default.hpp"
#include "strata/core/date.hpp"
#include "strata/core/error.hpp"
#include "strata/core/json.hpp"
#include "strata/core/timestamptz.hpp"
#include "strata/session/database.hpp"
#include "strata/version.hpp"

namespace {

void step(int n, std::string_view what) {
    fmt::print("\n{}. {}\n", n, what);
}

std::int64_t count_todos(strata::Database& db) {
    return db.transact([](strata::Session& s) {
        return s.query("SELECT count(*) FROM demo_todo").scalar<std::int64_t>();
    });
}

void print_todos(strata::Database& db) {
    db.transact([](strata::Session& s) {
        auto rows =
            s.query("SELECT id, title, done, due, tags, created_at FROM demo_todo ORDER BY id");
        for (const auto& row : rows) {
            const auto due = row.get<std::optional<strata::Date>>("due");
            fmt::print("   #{} {:<28} done={:<5} due={:<10} tags={} created={}\n",
                       row.get<std::int64_t>("id"), row.get<std::string>("title"),
                       row.get<bool>("done"), due ? due->to_string() : "-",
                       row.get<strata::Json>("tags").dump(),
                       row.get<strata::Timestamptz>("created_at").to_string().substr(0, 19));
        }
    });
}

int run_demo() {
    fmt::print("strata {} demo\n", strata::kVersion);

    step(1,
         "Open the database. No URL is given, so strata uses its managed local PostgreSQL in "
         "./.strata (created and started on first use; initdb takes a few seconds once).");
    const auto t0 = std::chrono::steady_clock::now();
    // A development program: it opts in to the managed local PostgreSQL as the embedded
    // default (a service that does not call this cannot start one).
    strata::cluster::install_embedded_default();
    strata::DatabaseOptions options;
    options.name = "demo";
    options.pool.size = 2;
    auto db = strata::Database::open(options);
    const auto version = db.transact(
        [](strata::Session& s) { return s.query("SHOW server_version").scalar<std::string>(); });
    fmt::print(
        "   connected to PostgreSQL {} at {} in {} ms\n", version, db.redacted_url(),
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count());

    step(2, "Create a table (DDL is transactional in PostgreSQL).");
    db.transact([](strata::Session& s) {
        s.execute_script(R"sql(
            DROP TABLE IF EXISTS demo_todo;
            CREATE TABLE demo_todo (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                title      text NOT NULL CHECK (title <> ''),
                done       boolean NOT NULL DEFAULT false,
                due        date,
                tags       jsonb NOT NULL DEFAULT '[]',
                created_at timestamptz NOT NULL DEFAULT now()
            );
        )sql");
    });
    fmt::print("   created demo_todo\n");

    step(3, "Insert typed rows in one transaction; every value is a bound parameter.");
    db.transact([](strata::Session& s) {
        const char* sql = "INSERT INTO demo_todo (title, done, due, tags) VALUES ($1, $2, $3, $4)";
        s.query(sql, "write the migration", true, strata::Date::parse("2026-01-15"),
                strata::Json::parse(R"(["db"])"));
        s.query(sql, "review the pool settings", false, std::optional<strata::Date>{},
                strata::Json::parse(R"(["ops", "db"])"));
        s.query(sql, "ship it", false, strata::Date::parse("2026-02-01"),
                strata::Json::parse("[]"));
    });
    fmt::print("   committed; the table now holds {} rows:\n", count_todos(db));
    print_todos(db);

    step(4, "An exception inside transact() rolls the whole transaction back.");
    try {
        db.transact([](strata::Session& s) {
            s.query("UPDATE demo_todo SET done = true");
            s.query("INSERT INTO demo_todo (title) VALUES ($1)", "this row will vanish");
            fmt::print("   inside the transaction: {} rows, all done\n",
                       s.query("SELECT count(*) FROM demo_todo").scalar<std::int64_t>());
            throw std::runtime_error("the service changed its mind");
        });
    } catch (const std::runtime_error& e) {
        fmt::print("   transact() rethrew \"{}\"; after the rollback: {} rows, untouched:\n",
                   e.what(), count_todos(db));
    }
    print_todos(db);

    step(5, "A constraint violation is a typed error naming the constraint; nothing is written.");
    try {
        db.transact(
            [](strata::Session& s) { s.query("INSERT INTO demo_todo (title) VALUES ($1)", ""); });
    } catch (const strata::CheckViolation& e) {
        fmt::print("   CheckViolation (SQLSTATE {}) on constraint {}: {}\n", e.sqlstate(),
                   e.constraint(), e.server_message());
    }

    step(6, "A savepoint keeps the outer work when the inner part fails.");
    db.transact([](strata::Session& s) {
        s.query("INSERT INTO demo_todo (title) VALUES ($1)", "kept: outer work");
        try {
            s.transact([](strata::Session& inner) {
                inner.query("INSERT INTO demo_todo (title) VALUES ($1)", "dropped: inner work");
                throw std::runtime_error("inner failure");
            });
        } catch (const std::runtime_error&) {
            fmt::print("   the inner savepoint rolled back; the outer transaction goes on\n");
        }
    });
    print_todos(db);

    const auto stats = db.stats();
    fmt::print(
        "\nDone. Pool: {} connection(s) opened, peak {} in use at once. The server keeps "
        "running: `strata dev status` / `strata dev down` (run in examples/demo).\n",
        stats.created, stats.peak);
    return 0;
}

}  // namespace

int main() {
    try {
        return run_demo();
    } catch (const strata::Error& e) {
        std::fprintf(stderr, "demo failed: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "demo failed (unexpected): %s\n", e.what());
    }
    return 1;
}
