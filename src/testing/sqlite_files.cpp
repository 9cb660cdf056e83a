// SQLite test databases: template files built under an flock, copied per test, collected by gc.
#include "testing/sqlite_files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

#include <fmt/format.h>

#include "cluster/process.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/url.hpp"
#include "testing/template_build.hpp"
#include "testing/template_names.hpp"

namespace fs = std::filesystem;

namespace strata::testing::detail {
namespace {

constexpr std::string_view kSqliteTestDir = ".strata-testdb";
constexpr std::string_view kSqliteBuilding = ".db.building";

/// An exclusive flock on a file, released when destroyed.
class FileLock {
public:
    /// Blocks until the lock is held (wait), or returns an unlocked object (held() false).
    FileLock(const fs::path& path, bool wait) {
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) {
            throw Error(fmt::format("cannot open lock file {}: {}", path.string(),
                                    std::system_category().message(errno)));
        }
        if (::flock(fd_, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~FileLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    [[nodiscard]] bool held() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

void touch_sqlite_template(const fs::path& file) {
    if (!first_use_in_process(file.string())) return;
    std::error_code ec;
    fs::last_write_time(file, fs::file_time_type::clock::now(), ec);
}

long long age_seconds(const fs::path& file) {
    std::error_code ec;
    auto written = fs::last_write_time(file, ec);
    if (ec) return 0;
    return std::chrono::duration_cast<std::chrono::seconds>(fs::file_time_type::clock::now() -
                                                            written)
        .count();
}

void build_sqlite_template(const TestDatabaseOptions& options, const fs::path& dir,
                           const std::string& name) {
    const fs::path building = dir / (name + std::string(kSqliteBuilding));
    if (remove_sqlite_database(building)) {
        log::info("strata::testing: removed {} left by a builder that did not finish",
                  building.string());
    }
    try {
        migrate_and_seed(sqlite_url_of(building), options, name);
        fs::rename(building, sqlite_file(dir, name));
    } catch (...) {
        (void)remove_sqlite_database(building);
        throw;
    }
}

}  // namespace

bool is_sqlite_url(std::string_view url) {
    return url.starts_with("sqlite:");
}

fs::path sqlite_test_dir(const std::string& admin_url) {
    const auto parsed = DatabaseUrl::parse(admin_url, "test database URL");
    if (parsed.sqlite_path() == ":memory:") {
        throw UsageError(
            "sqlite::memory: has no directory for test databases: use a file URL such as "
            "sqlite:///db/test.db (the test databases go into db/.strata-testdb/)");
    }
    const fs::path dir =
        fs::absolute(fs::path(parsed.sqlite_path())).parent_path() / std::string(kSqliteTestDir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        throw Error(fmt::format("cannot create the test database directory {}: {}", dir.string(),
                                ec.message()));
    }
    return dir;
}

fs::path sqlite_file(const fs::path& dir, std::string_view name) {
    return dir / (std::string(name) + ".db");
}

std::string sqlite_url_of(const fs::path& file) {
    return DatabaseUrl::sqlite(fs::absolute(file).string()).to_string();
}

void ensure_sqlite_template(const TestDatabaseOptions& options, const std::string& admin_url,
                            TemplateInfo& info) {
    const auto dir = sqlite_test_dir(admin_url);
    const auto file = sqlite_file(dir, info.name);
    if (!fs::exists(file)) {
        FileLock lock(dir / (info.name + ".lock"), /*wait=*/true);
        if (!fs::exists(file)) {
            log::info("strata::testing: building template {} from {}", file.string(),
                      resolved_migrations_dir(options).string());
            build_sqlite_template(options, dir, info.name);
            info.built = true;
        }
    }
    touch_sqlite_template(file);
    if (info.built) {  // as on PostgreSQL: templates unused for a week go after a build
        GcOptions gc;
        gc.admin_url = admin_url;
        gc.reap_clusters = false;
        gc.clones = false;
        gc.keep_templates = 5;
        (void)collect_sqlite_garbage(gc);
    }
}

std::string copy_sqlite_template(const std::string& admin_url, const std::string& tpl,
                                 const std::string& name) {
    const auto dir = sqlite_test_dir(admin_url);
    const auto to = sqlite_file(dir, name);
    std::error_code ec;
    fs::copy_file(sqlite_file(dir, tpl), to, ec);
    if (ec) {
        throw Error(fmt::format("cannot copy the test template {} to {}: {}",
                                sqlite_file(dir, tpl).string(), to.string(), ec.message()));
    }
    return sqlite_url_of(to);
}

bool remove_sqlite_database(const fs::path& file) {
    std::error_code ec;
    const bool existed = fs::remove(file, ec);
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        fs::remove(fs::path(file.string() + suffix), ec);
    }
    return existed;
}

GcReport collect_sqlite_garbage(const GcOptions& options) {
    GcReport report;
    const auto dir = sqlite_test_dir(options.admin_url);
    struct TemplateFile {
        std::string name;
        long long age = 0;
    };
    std::vector<TemplateFile> templates;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::end(it); it.increment(ec)) {
        const std::string file = it->path().filename().string();
        if (file.ends_with(kSqliteBuilding)) {
            const std::string name = file.substr(0, file.size() - kSqliteBuilding.size());
            FileLock lock(dir / (name + ".lock"), /*wait=*/false);
            if (lock.held() && remove_sqlite_database(it->path())) report.templates.push_back(file);
            continue;
        }
        if (!file.ends_with(".db")) continue;  // -wal, -shm, locks: go with their database
        const std::string name = file.substr(0, file.size() - 3);
        if (auto owner = clone_owner(name)) {
            if (!options.clones ||
                strata::detail::same_process_alive(owner->pid, owner->start_time)) {
                continue;
            }
            if (remove_sqlite_database(it->path())) report.clones.push_back(name);
        } else if (auto created = cli_clone_created(name)) {
            if (!options.clones ||
                std::time(nullptr) - *created < options.cli_clone_max_age.count())
                continue;
            if (remove_sqlite_database(it->path())) report.clones.push_back(name);
        } else if (name.starts_with(kTemplatePrefix)) {
            templates.push_back({name, age_seconds(it->path())});
        }
    }
    std::sort(templates.begin(), templates.end(),
              [](const TemplateFile& a, const TemplateFile& b) { return a.age < b.age; });
    for (std::size_t i = options.keep_templates; i < templates.size(); ++i) {
        if (templates[i].age < options.template_max_age.count()) continue;
        FileLock lock(dir / (templates[i].name + ".lock"), /*wait=*/false);
        if (lock.held() && remove_sqlite_database(sqlite_file(dir, templates[i].name))) {
            report.templates.push_back(templates[i].name);
        }
    }
    return report;
}

}  // namespace strata::testing::detail
