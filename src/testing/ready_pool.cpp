// Ready clones: background threads keep a few connected clones per template and drop used ones.
#include "testing/ready_pool.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "testing/admin_pool.hpp"
#include "testing/pg_admin.hpp"
#include "testing/template_names.hpp"

namespace strata::testing::detail {
namespace {

/// Refill threads: CREATE DATABASE runs two checkpoints and DROP one; requests from two
/// connections at once share them.
constexpr std::size_t kRefillThreads = 2;
/// A pool whose clones fail this often in a row stops refilling (takes clone on demand, which
/// reports the error).
constexpr int kMaxRefillFailures = 3;

struct ReadyPoolState {
    ReadyRequest request;
    std::deque<ReadyClone> ready;
    std::size_t in_flight = 0;  ///< clones being made
    std::size_t recycling = 0;  ///< finished tests' clones being checked for reuse
    /// Whether the last check reused its clone: while tests change nothing, a clone being
    /// checked counts as one coming (a take waits for it, no new one is made); while they
    /// write, the pool refills without waiting for checks that will end in a drop.
    bool expect_reuse = true;

    [[nodiscard]] std::size_t coming() const { return in_flight + (expect_reuse ? recycling : 0); }
    bool retired = false;  ///< outdated template, or failing: no more refills
    int failures = 0;
};

struct PendingDrop {
    std::string admin_url;
    std::string name;
};

std::string pool_key(const ReadyRequest& r) {
    return fmt::format("{}\n{}\n{}\n{}\n{}", r.admin_url, r.template_name, r.pool.size,
                       r.pool.max_overflow, r.reuse);
}

std::string source_key(const ReadyRequest& r) {
    return fmt::format("{}\n{}\n{}\n{}", r.admin_url, r.source, r.pool.size, r.pool.max_overflow);
}

struct PendingRecycle {
    ReadyRequest request;
    std::string name;
    std::string url;
    CloneState baseline;
    std::optional<session::Database> database;  ///< the test's, its connections still open
    ReadyPoolState* pool = nullptr;  ///< counted in its recycling until done (pools live forever)
};

/// How long sessions other than the pool's may take to end before the clone is dropped instead.
constexpr std::chrono::milliseconds kRecycleWait{500};

/// A Database on clone name, connected once.
session::Database open_clone_database(const ReadyRequest& request, const std::string& name,
                                      const std::string& url) {
    session::DatabaseOptions dbo;
    dbo.name = name;
    dbo.url = url;
    dbo.pool = request.pool;
    dbo.application_name = "strata-test";
    auto database = session::Database::open(dbo);
    { auto lease = database.acquire(); }  // connected before any test asks
    return database;
}

/// Makes one connected clone of request's template (with its baseline when reuse is on).
ReadyClone make_ready_clone(const ReadyRequest& request) {
    std::string name = next_clone_name();
    {
        auto conn = admin_lease(request.admin_url);
        conn->exec(
            create_from_template_sql(name, request.template_name, request.configured_admin_url));
    }
    try {
        std::string url = rewrite_url(request.admin_url, name);
        auto database = open_clone_database(request, name, url);
        std::optional<CloneState> baseline;
        if (request.reuse) baseline = read_clone_state(request.admin_url, name, database);
        return ReadyClone{std::move(name), std::move(url), std::move(database),
                          std::move(baseline)};
    } catch (...) {
        try {
            auto conn = admin_lease(request.admin_url);
            drop_database_quickly(*conn, name);
        } catch (const std::exception& e) {
            log::debug("strata::testing: dropping {} failed: {}", name, e.what());
        }
        throw;
    }
}

/// The clone of a finished test with the test's own connections (reset by the pool when the
/// test gave them back; advisory locks released here), when the test changed nothing; else
/// nullopt. Keeping the connections saves a connect per test, and their warm catalog caches
/// make the next test's first query cheaper.
std::optional<ReadyClone> reusable_clone(PendingRecycle& job) {
    try {
        if (!job.database) return std::nullopt;
        auto& database = *job.database;
        const auto stats = database.stats();
        if (stats.in_use != 0 || stats.idle == 0) return std::nullopt;  // the test still holds one
        bool clean = true;
        {
            std::vector<session::Lease> leases;
            leases.reserve(stats.idle);
            for (std::size_t i = 0; i < stats.idle; ++i) leases.push_back(database.acquire());
            for (auto& lease : leases) {
                // Statements PREPAREd in SQL would collide with the next test's; the pool's
                // reset keeps the driver's own (protocol-level) ones.
                clean = clean && lease->query(
                                          "SELECT count(*) FROM pg_prepared_statements "
                                          "WHERE from_sql")
                                         .scalar<std::int64_t>() == 0;
                lease->execute("SELECT pg_advisory_unlock_all(), pg_stat_force_next_flush()");
            }
            clean = clean && (job.baseline.sequences.empty() ||
                              clone_sequence_on(*leases.front()) == job.baseline.sequences);
        }
        if (!clean) return std::nullopt;
        auto conn = admin_lease(job.request.admin_url);
        // Every other session gone (their counters flushed as they exited); ours flushed above.
        if (!wait_for_backends(*conn, job.name, database.stats().open, kRecycleWait) ||
            clone_server_state(*conn, job.name) != job.baseline.server) {
            return std::nullopt;
        }
        return ReadyClone{job.name, job.url, std::move(database), job.baseline};
    } catch (const std::exception& e) {
        log::debug("strata::testing: checking {} for reuse failed: {}", job.name, e.what());
        return std::nullopt;
    }
}

void drop_quietly(const PendingDrop& drop) {
    try {
        auto conn = admin_lease(drop.admin_url);
        drop_database_quickly(*conn, drop.name);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "strata::testing: could not drop test database %s: %s\n",
                     drop.name.c_str(), e.what());
    }
}

class Refiller {
public:
    std::optional<ReadyClone> take(const ReadyRequest& request) {
        std::vector<ReadyClone> outdated;  // closed outside the lock
        std::optional<ReadyClone> taken;
        {
            std::unique_lock lock(mutex_);
            start_locked();
            auto& pool = pools_[pool_key(request)];
            if (!pool) {
                pool = std::make_unique<ReadyPoolState>();
                pool->request = request;
            }
            auto& current = current_by_source_[source_key(request)];
            if (current != nullptr && current != pool.get()) retire_locked(*current, outdated);
            current = pool.get();
            if (pool->retired && pool->failures < kMaxRefillFailures) pool->retired = false;
            auto* p = pool.get();
            ready_cv_.wait(lock, [&] { return !p->ready.empty() || p->coming() == 0; });
            if (!p->ready.empty()) {
                taken.emplace(std::move(p->ready.front()));
                p->ready.pop_front();
            }
        }
        work_cv_.notify_all();
        outdated.clear();
        return taken;
    }

    void drop_later(PendingDrop drop) {
        {
            std::scoped_lock lock(mutex_);
            start_locked();
            drops_.push_back(std::move(drop));
        }
        work_cv_.notify_all();
    }

    void recycle_later(PendingRecycle job) {
        {
            std::scoped_lock lock(mutex_);
            start_locked();
            auto it = pools_.find(pool_key(job.request));
            if (it != pools_.end() && !it->second->retired) {
                job.pool = it->second.get();
                ++job.pool->recycling;
            }
            recycles_.push_back(std::move(job));
        }
        work_cv_.notify_all();
    }

    void wait_for_drops() {
        std::unique_lock lock(mutex_);
        drained_cv_.wait(lock, [&] {
            return drops_.empty() && drops_in_flight_ == 0 && recycles_.empty() &&
                   recycles_in_flight_ == 0;
        });
    }

    std::vector<std::string> ready_names(const std::string& template_name) {
        std::scoped_lock lock(mutex_);
        std::vector<std::string> names;
        for (const auto& [key, pool] : pools_) {
            if (pool->request.template_name != template_name) continue;
            for (const auto& clone : pool->ready) names.push_back(clone.name);
        }
        return names;
    }

    void shut_down() {
        std::vector<std::thread> workers;
        std::vector<ReadyClone> ready;
        std::deque<PendingDrop> drops;
        {
            std::scoped_lock lock(mutex_);
            stopping_ = true;
            workers.swap(workers_);
        }
        work_cv_.notify_all();
        ready_cv_.notify_all();
        for (auto& t : workers) t.join();
        {
            std::scoped_lock lock(mutex_);
            for (auto& [key, pool] : pools_) retire_locked(*pool, ready);
            current_by_source_.clear();
            for (auto& job : recycles_) {
                if (job.pool != nullptr) --job.pool->recycling;
                drops_.push_back({job.request.admin_url, job.name});
                job.database.reset();
            }
            recycles_.clear();
            drops.swap(drops_);
        }
        ready.clear();  // closes their connections
        for (const auto& d : drops) drop_quietly(d);
        {
            std::scoped_lock lock(mutex_);
            drops_.clear();
        }
        drained_cv_.notify_all();
    }

private:
    /// Starts the refill threads (again after shut_down). Caller holds mutex_.
    void start_locked() {
        if (!workers_.empty()) return;
        stopping_ = false;
        if (!exit_hook_) {
            exit_hook_ = true;
            std::atexit([] { shut_down_ready_pools(); });
        }
        for (std::size_t i = 0; i < kRefillThreads; ++i) workers_.emplace_back([this] { run(); });
    }

    /// Stops refilling pool and queues its ready clones for dropping. Caller holds mutex_.
    void retire_locked(ReadyPoolState& pool, std::vector<ReadyClone>& closed) {
        pool.retired = true;
        for (auto& clone : pool.ready) {
            drops_.push_back({pool.request.admin_url, clone.name});
            closed.push_back(std::move(clone));
        }
        pool.ready.clear();
    }

    ReadyPoolState* pool_to_fill_locked() {
        for (auto& [key, pool] : pools_) {
            if (!pool->retired && pool->ready.size() + pool->coming() < pool->request.target) {
                return pool.get();
            }
        }
        return nullptr;
    }

    void run() {
        bool dropped_last = false;
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            auto* pool = pool_to_fill_locked();
            // A finished test's clone first: putting it back is the cheapest ready clone.
            // Otherwise alternate between filling and dropping, so neither starves the other.
            if (!recycles_.empty()) {
                auto job = std::move(recycles_.front());
                recycles_.pop_front();
                ++recycles_in_flight_;
                lock.unlock();
                recycle(job, lock);
                --recycles_in_flight_;
                drained_cv_.notify_all();
            } else if (!drops_.empty() && (pool == nullptr || !dropped_last)) {
                auto drop = std::move(drops_.front());
                drops_.pop_front();
                ++drops_in_flight_;
                lock.unlock();
                drop_quietly(drop);
                lock.lock();
                --drops_in_flight_;
                dropped_last = true;
                drained_cv_.notify_all();
            } else if (pool != nullptr) {
                ++pool->in_flight;
                auto request = pool->request;
                lock.unlock();
                fill(*pool, request, lock);
                dropped_last = false;
            } else {
                work_cv_.wait(lock);
            }
        }
    }

    /// Makes one clone for pool; called unlocked, returns with lock held.
    void fill(ReadyPoolState& pool, const ReadyRequest& request,
              std::unique_lock<std::mutex>& lock) {
        std::optional<ReadyClone> made;
        try {
            made.emplace(make_ready_clone(request));
        } catch (const std::exception& e) {
            log::debug("strata::testing: making a ready clone of {} failed: {}",
                       request.template_name, e.what());
        }
        lock.lock();
        --pool.in_flight;
        if (!made) {
            if (++pool.failures >= kMaxRefillFailures) pool.retired = true;
        } else if (pool.retired || stopping_) {
            drops_.push_back({request.admin_url, made->name});
            lock.unlock();
            made.reset();
            lock.lock();
        } else {
            pool.failures = 0;
            pool.ready.push_back(std::move(*made));
        }
        ready_cv_.notify_all();
    }

    /// Puts job's clone back among its pool's ready ones, or queues its drop; called unlocked,
    /// returns with lock held.
    void recycle(PendingRecycle& job, std::unique_lock<std::mutex>& lock) {
        auto clone = reusable_clone(job);
        job.database.reset();  // moved into clone, or closed before the drop
        lock.lock();
        auto* pool = job.pool;
        if (pool != nullptr) {
            --pool->recycling;
            pool->expect_reuse = clone.has_value();
        }
        const bool keep = clone && pool != nullptr && !pool->retired && !stopping_ &&
                          pool->ready.size() < pool->request.target + kRefillThreads;
        if (keep) {
            pool->ready.push_back(std::move(*clone));
        } else {
            drops_.push_back({job.request.admin_url, job.name});
            if (clone) {
                lock.unlock();
                clone.reset();  // closes its connection before the drop
                lock.lock();
            }
        }
        ready_cv_.notify_all();
        work_cv_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable work_cv_;
    std::condition_variable ready_cv_;
    std::condition_variable drained_cv_;
    std::map<std::string, std::unique_ptr<ReadyPoolState>> pools_;
    std::map<std::string, ReadyPoolState*> current_by_source_;
    std::deque<PendingDrop> drops_;
    std::size_t drops_in_flight_ = 0;
    std::deque<PendingRecycle> recycles_;
    std::size_t recycles_in_flight_ = 0;
    std::vector<std::thread> workers_;
    bool stopping_ = false;
    bool exit_hook_ = false;
};

Refiller& refiller() {
    static auto* r = new Refiller();  // leaked: used from atexit
    return *r;
}

}  // namespace

std::size_t ready_clone_target(std::optional<std::size_t> configured) {
    if (configured) return *configured;
    const char* env = std::getenv("STRATA_TEST_READY_CLONES");
    if (env == nullptr || *env == '\0') return 2;
    std::size_t value = 0;
    const std::string_view text(env);
    for (char c : text) {
        if (c < '0' || c > '9' || value > 1000) {
            throw UsageError(fmt::format(
                "STRATA_TEST_READY_CLONES={}: expected a number of ready clones (0: none)", env));
        }
        value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value;
}

std::optional<ReadyClone> take_ready_clone(const ReadyRequest& request) {
    if (request.target == 0) return std::nullopt;
    return refiller().take(request);
}

void drop_in_background(const std::string& admin_url, const std::string& name) {
    refiller().drop_later({admin_url, name});
}

void recycle_in_background(const ReadyRequest& request, std::string name, std::string url,
                           CloneState baseline, session::Database database) {
    refiller().recycle_later({request, std::move(name), std::move(url), std::move(baseline),
                              std::move(database), nullptr});
}

void wait_for_background_drops() {
    refiller().wait_for_drops();
}

std::vector<std::string> ready_clone_names(const std::string& template_name) {
    return refiller().ready_names(template_name);
}

void shut_down_ready_pools() {
    refiller().shut_down();
}

}  // namespace strata::testing::detail
