// The sample project's service: repositories over the migrated schema, tenants kept apart by RLS.
// Run by `make demo` after the migrations and seeds (examples/todo/demo.sh).
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>

#include "strata/cluster/embedded_default.hpp"
#include "strata/orm/repository.hpp"
#include "strata/session/database.hpp"
#include "strata/session/scoped.hpp"

struct Todo {
    std::int64_t id = 0;
    std::int64_t organization_id = 0;
    std::int64_t owner_id = 0;
    std::string title;
    std::optional<std::string> note{};
    bool done = false;
    std::optional<strata::Timestamptz> created_at{};
    std::optional<strata::Timestamptz> updated_at{};
    std::optional<strata::Timestamptz> deleted_at{};
};

template <>
struct strata::orm::Table<Todo> {
    static constexpr std::string_view name = "todos";
    static constexpr auto columns = std::make_tuple(
        column("id", &Todo::id, kPrimaryKey | kGenerated),
        column("organization_id", &Todo::organization_id), column("owner_id", &Todo::owner_id),
        column("title", &Todo::title), column("note", &Todo::note), column("done", &Todo::done),
        column("created_at", &Todo::created_at, kGenerated),
        column("updated_at", &Todo::updated_at), column("deleted_at", &Todo::deleted_at));
};

struct Preference {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string key;
    std::string value;
};

template <>
struct strata::orm::Table<Preference> {
    static constexpr std::string_view name = "user_preferences";
    static constexpr auto columns =
        std::make_tuple(column("id", &Preference::id, kPrimaryKey | kGenerated),
                        column("user_id", &Preference::user_id), column("key", &Preference::key),
                        column("value", &Preference::value));
};

namespace {

using strata::orm::col;
using strata::orm::Patch;
using strata::orm::Repository;

void say(const std::string& line) {
    fmt::print("  {}\n", line);
}

std::string describe(const Todo& t) {
    return fmt::format("#{} \"{}\"{}{}{}", t.id, t.title, t.note ? " note=\"" + *t.note + "\"" : "",
                       t.done ? " [done]" : "", t.deleted_at ? " (deleted)" : "");
}

}  // namespace

int main() {
    // No URL anywhere: the managed local PostgreSQL of this project (.strata/), which this
    // sample opts in to (outside production only; a service without this call needs a URL).
    strata::cluster::install_embedded_default();
    auto db = strata::Database::open();
    const strata::ScopeOptions as_app{.role = "todo_app"};
    auto acme = db.scoped({.user_id = "1", .org_id = "1", .extra = {}}, as_app);
    auto globex = db.scoped({.user_id = "2", .org_id = "2", .extra = {}}, as_app);

    fmt::print("\n== a service over the schema, through repositories (tenant Acme)\n");
    const std::int64_t id = acme.transact([](strata::Session& s) {
        Repository<Todo> todos{s};
        auto t = todos.insert({.organization_id = 1,
                               .owner_id = 1,
                               .title = "Write the launch post",
                               .note = "draft in docs/"});
        say("insert      -> " + describe(t) +
            fmt::format(" created_at={}", t.created_at->to_string()));
        auto read = todos.get_by_id(t.id);
        say("get_by_id   -> " + describe(*read));
        auto updated = todos.update_by_id(t.id, Patch<Todo>{}
                                                    .set(&Todo::title, "Publish the launch post")
                                                    .set(&Todo::done, true)
                                                    .set_null(&Todo::note));
        say("update      -> " + describe(*updated) +
            " (Patch: title and done set, note set to NULL; updated_at by the repository)");
        return t.id;
    });
    acme.transact([id](strata::Session& s) {
        Repository<Todo> todos{s};
        todos.soft_delete_by_id(id);
        say(fmt::format("soft delete -> get_by_id finds {}; with_deleted finds {}",
                        todos.get_by_id(id) ? "it" : "nothing",
                        describe(*todos.with_deleted().get_by_id(id))));
        todos.restore_by_id(id);
        say("restore     -> " + describe(*todos.get_by_id(id)));
        Repository<Preference> prefs{s};
        prefs.upsert({.id = 0, .user_id = 1, .key = "theme", .value = "light"},
                     {&Preference::user_id, &Preference::key}, {&Preference::value});
        auto p = prefs.upsert({.id = 0, .user_id = 1, .key = "theme", .value = "dark"},
                              {&Preference::user_id, &Preference::key}, {&Preference::value});
        say(fmt::format("upsert x2   -> one row: theme={} ({} row for user 1)", p.value,
                        prefs.count()));
    });

    fmt::print("\n== two tenants, one pool: row-level security keeps them apart\n");
    globex.transact([](strata::Session& s) {
        Repository<Todo> todos{s};
        todos.insert({.organization_id = 2, .owner_id = 2, .title = "Globex quarterly plan"});
    });
    const auto acme_sees =
        acme.transact([](strata::Session& s) { return Repository<Todo>{s}.find(); });
    const auto globex_sees =
        globex.transact([](strata::Session& s) { return Repository<Todo>{s}.find(); });
    say(fmt::format("Acme sees {} todo(s): {}", acme_sees.size(),
                    acme_sees.empty() ? "" : describe(acme_sees[0])));
    say(fmt::format("Globex sees {} todo(s): {}", globex_sees.size(),
                    globex_sees.empty() ? "" : describe(globex_sees[0])));
    const bool blocked = globex.transact([id](strata::Session& s) {
        Repository<Todo> todos{s};
        return !todos.get_by_id(id) &&
               !todos.update_by_id(id, Patch<Todo>{}.set(&Todo::title, "hijacked"));
    });
    say(fmt::format("Globex reading or updating Acme's #{}: {}", id,
                    blocked ? "nothing there (blocked by RLS)" : "LEAKED"));
    try {
        globex.transact([](strata::Session& s) {
            Repository<Todo>{s}.insert({.organization_id = 1, .owner_id = 1, .title = "sneaky"});
        });
        say("Globex inserting into Acme: LEAKED");
        return 1;
    } catch (const strata::SqlError& e) {
        say(fmt::format("Globex inserting into Acme: refused ({} {})", e.sqlstate(),
                        e.server_message()));
    }
    auto nobody = db.scoped({}, as_app);
    const auto anonymous =
        nobody.transact([](strata::Session& s) { return Repository<Todo>{s}.count(); });
    say(fmt::format("a scope without an org claim sees {} rows (fail closed)", anonymous));
    const auto admin = db.transact([](strata::Session& s) { return Repository<Todo>{s}.count(); });
    say(fmt::format("the admin handle (plain db) sees {} rows", admin));
    return blocked && anonymous == 0 && acme_sees.size() == 1 && globex_sees.size() == 1 ? 0 : 1;
}
