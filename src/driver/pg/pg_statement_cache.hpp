// StatementCache: LRU of prepared statements keyed by SQL text (one per connection).
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace strata::driver::pg {

/// What strata knows about one statement text. In prepared mode `name` is the server-side
/// statement ("s_<n>"); in pooler-safe mode it is empty and only the learned result format is
/// kept (client state only, nothing on the server). Not thread-safe (owned by one connection).
struct CachedStatement {
    std::string sql;
    std::string name;
    std::vector<std::uint32_t> param_types;  ///< as the server resolved them (PQparamtype)
    int result_format = 0;                   ///< 1 = all result columns decode in binary
};

class StatementCache {
public:
    explicit StatementCache(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

    /// The entry for sql, marked most recently used; nullptr when absent.
    CachedStatement* find(std::string_view sql) {
        auto it = index_.find(sql);
        if (it == index_.end()) return nullptr;
        if (it->second != entries_.begin()) entries_.splice(entries_.begin(), entries_, it->second);
        return &*it->second;
    }
    /// Inserts (replacing any entry for the same text). Returns the new entry and, through
    /// evicted, the entries pushed out (their server statements must be deallocated).
    CachedStatement& insert(CachedStatement entry, std::vector<CachedStatement>& evicted) {
        erase(entry.sql, evicted);
        while (entries_.size() >= capacity_) {
            index_.erase(entries_.back().sql);
            evicted.push_back(std::move(entries_.back()));
            entries_.pop_back();
        }
        entries_.push_front(std::move(entry));
        index_.emplace(entries_.front().sql, entries_.begin());
        return entries_.front();
    }
    void erase(std::string_view sql, std::vector<CachedStatement>& evicted) {
        auto it = index_.find(sql);
        if (it == index_.end()) return;
        auto node = it->second;
        index_.erase(it);
        evicted.push_back(std::move(*node));
        entries_.erase(node);
    }
    /// Empties the cache, moving every entry into evicted (to be deallocated).
    void clear_into(std::vector<CachedStatement>& evicted) {
        for (auto& e : entries_) evicted.push_back(std::move(e));
        clear();
    }
    void clear() {
        index_.clear();
        entries_.clear();
    }
    [[nodiscard]] std::size_t size() const { return entries_.size(); }
    [[nodiscard]] std::size_t capacity() const { return capacity_; }

private:
    std::size_t capacity_;
    std::list<CachedStatement> entries_;  // most recently used first
    std::unordered_map<std::string_view, std::list<CachedStatement>::iterator> index_;
};

}  // namespace strata::driver::pg
