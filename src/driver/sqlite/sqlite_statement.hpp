// PreparedStatement (an owned sqlite3_stmt with its parameter map) and the LRU StatementCache.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "driver/sqlite/sqlite_bind.hpp"

struct sqlite3_stmt;

namespace strata::driver::sqlite {

/// Owns one prepared statement; finalizes it on destruction. Move-only.
class PreparedStatement {
public:
    PreparedStatement(sqlite3_stmt* stmt, ParamMap params)
        : stmt_(stmt), params_(std::move(params)) {}
    PreparedStatement(const PreparedStatement&) = delete;
    PreparedStatement& operator=(const PreparedStatement&) = delete;
    ~PreparedStatement();

    [[nodiscard]] sqlite3_stmt* get() const { return stmt_; }
    [[nodiscard]] const ParamMap& params() const { return params_; }
    void set_params(ParamMap params) { params_ = std::move(params); }

private:
    sqlite3_stmt* stmt_;
    ParamMap params_;
};

/// Prepared statements keyed by SQL text, least recently used evicted beyond capacity.
/// Thread-safety: none; owned by one connection.
class StatementCache {
public:
    explicit StatementCache(std::size_t capacity) : capacity_(capacity) {}

    /// The cached statement for sql (marked most recently used), or nullptr.
    [[nodiscard]] std::shared_ptr<PreparedStatement> find(std::string_view sql);
    /// Caches stmt under sql, evicting the least recently used beyond capacity (0 = no cache).
    void insert(std::string sql, std::shared_ptr<PreparedStatement> stmt);
    [[nodiscard]] std::size_t size() const { return map_.size(); }
    [[nodiscard]] std::size_t capacity() const { return capacity_; }
    void clear();

private:
    struct Entry {
        std::string sql;
        std::shared_ptr<PreparedStatement> stmt;
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::size_t capacity_;
    std::list<Entry> lru_;  ///< front = most recently used
    std::unordered_map<std::string, std::list<Entry>::iterator, Hash, std::equal_to<>> map_;
};

}  // namespace strata::driver::sqlite
