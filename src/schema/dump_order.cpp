// Dump order: a topological sort of the dump's statements over the server's dependency graph,
// lowest (rank, position) first among the ready ones, so equal catalogs give equal scripts.
#include <map>
#include <queue>
#include <unordered_map>

#include "schema/dump_render.hpp"

namespace strata::schema::render {

std::vector<const Item*> order_items(const std::vector<Item>& items) {
    std::unordered_map<std::string, std::vector<std::size_t>> by_key;
    for (std::size_t i = 0; i < items.size(); ++i) by_key[items[i].key].push_back(i);
    std::vector<std::size_t> waiting(items.size(), 0);
    std::vector<std::vector<std::size_t>> dependents(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        for (const auto& dep : items[i].deps) {
            auto it = by_key.find(dep);
            if (it == by_key.end()) continue;  // created elsewhere (built in, not selected)
            for (auto j : it->second) {
                if (j == i) continue;
                dependents[j].push_back(i);
                ++waiting[i];
            }
        }
    }
    using Entry = std::pair<int, std::size_t>;  // (rank, position)
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> ready;
    std::map<Entry, std::size_t> blocked;  // the rest, for breaking cycles deterministically
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (waiting[i] == 0) {
            ready.emplace(items[i].rank, i);
        } else {
            blocked.emplace(Entry{items[i].rank, i}, i);
        }
    }
    std::vector<const Item*> out;
    out.reserve(items.size());
    std::vector<bool> done(items.size(), false);
    while (out.size() < items.size()) {
        std::size_t next = 0;
        if (!ready.empty()) {
            next = ready.top().second;
            ready.pop();
        } else {
            // A cycle the dump's own splitting (constraints after tables, bodies unchecked)
            // did not break: the lowest remaining statement goes first.
            next = blocked.begin()->second;
        }
        blocked.erase(Entry{items[next].rank, next});
        if (done[next]) continue;
        done[next] = true;
        out.push_back(&items[next]);
        for (auto d : dependents[next]) {
            const bool was_waiting = waiting[d] > 0;
            if (was_waiting) --waiting[d];
            if (was_waiting && waiting[d] == 0 && !done[d]) {
                blocked.erase(Entry{items[d].rank, d});
                ready.emplace(items[d].rank, d);
            }
        }
    }
    return out;
}

}  // namespace strata::schema::render
