// PreparedStatement and the LRU StatementCache of the SQLite backend.
#include "driver/sqlite/sqlite_statement.hpp"

#include <sqlite3.h>

namespace strata::driver::sqlite {

PreparedStatement::~PreparedStatement() {
    sqlite3_finalize(stmt_);
}

std::shared_ptr<PreparedStatement> StatementCache::find(std::string_view sql) {
    auto it = map_.find(sql);
    if (it == map_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->stmt;
}

void StatementCache::insert(std::string sql, std::shared_ptr<PreparedStatement> stmt) {
    if (capacity_ == 0) return;
    if (auto it = map_.find(sql); it != map_.end()) {
        it->second->stmt = std::move(stmt);
        lru_.splice(lru_.begin(), lru_, it->second);
        return;
    }
    lru_.push_front(Entry{sql, std::move(stmt)});
    map_.emplace(std::move(sql), lru_.begin());
    while (map_.size() > capacity_) {
        map_.erase(lru_.back().sql);
        lru_.pop_back();
    }
}

void StatementCache::clear() {
    map_.clear();
    lru_.clear();
}

}  // namespace strata::driver::sqlite
