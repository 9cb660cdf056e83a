// Computing the status of every migration from the files and the history rows.
#include "strata/migrate/status.hpp"

#include <algorithm>
#include <cstdint>
#include <map>

namespace strata::migrate {

std::string_view to_string(State s) {
    switch (s) {
        case State::applied:
            return "applied";
        case State::pending:
            return "pending";
        case State::out_of_order:
            return "out-of-order";
        case State::edited:
            return "edited";
        case State::missing:
            return "missing";
        case State::partial:
            return "partial";
    }
    return "unknown";
}

std::size_t StatusReport::count(State s) const {
    return static_cast<std::size_t>(std::count_if(
        entries.begin(), entries.end(), [s](const StatusEntry& e) { return e.state == s; }));
}

bool StatusReport::clean() const {
    return std::all_of(entries.begin(), entries.end(),
                       [](const StatusEntry& e) { return e.state == State::applied; });
}

std::optional<std::string> StatusReport::current() const {
    const StatusEntry* best = nullptr;
    std::int64_t best_order = 0;
    for (const auto& e : entries) {
        if (!e.applied) continue;
        const std::int64_t order = e.applied->apply_order;
        if (!best || order > best_order) {
            best = &e;
            best_order = order;
        }
    }
    if (!best) return std::nullopt;
    return best->version;
}

StatusReport compute_status(const MigrationSet& files,
                            const std::vector<AppliedMigration>& applied) {
    std::map<std::string, StatusEntry, VersionLess> by_version;
    std::string newest_applied;
    for (const auto& a : applied) {
        StatusEntry e;
        e.version = a.version;
        e.name = a.name;
        e.applied = a;
        // Half way either way: an up that stopped, or a down that stopped (reverting).
        e.state = a.complete && !a.reverting() ? State::missing : State::partial;
        if (a.complete && (newest_applied.empty() || VersionLess{}(newest_applied, a.version)))
            newest_applied = a.version;
        by_version.emplace(a.version, std::move(e));
    }
    for (const auto& m : files.migrations()) {
        auto it = by_version.find(m.version);
        if (it == by_version.end()) {
            StatusEntry e;
            e.version = m.version;
            e.name = m.name;
            e.file = m;
            e.state = !newest_applied.empty() && VersionLess{}(m.version, newest_applied)
                          ? State::out_of_order
                          : State::pending;
            by_version.emplace(m.version, std::move(e));
            continue;
        }
        auto& e = it->second;
        e.file = m;
        e.name = m.name;
        if (e.state == State::partial) continue;
        e.state = e.applied->checksum == m.checksum ? State::applied : State::edited;
    }
    StatusReport report;
    for (auto& [_, e] : by_version) report.entries.push_back(std::move(e));
    return report;
}

}  // namespace strata::migrate
