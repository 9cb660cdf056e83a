// SqliteCopySink: copy_in() on SQLite, a prepared INSERT per row inside a savepoint.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "strata/driver/connection.hpp"

namespace strata::driver::sqlite {

class SqliteConnection;
class PreparedStatement;

/// Opens SAVEPOINT strata_copy, inserts each row with one reused prepared statement, and
/// RELEASEs on finish(); abort() (or a failed row) rolls back to the savepoint so nothing is
/// left. Must not outlive its connection. Thread-safety: as the connection.
class SqliteCopySink final : public CopyWriter::Sink {
public:
    SqliteCopySink(SqliteConnection& conn, std::string_view table,
                   std::span<const std::string> columns);
    ~SqliteCopySink() override;

    void write_row(std::span<const Value> values) override;
    std::uint64_t finish() override;
    void abort() noexcept override;

private:
    SqliteConnection& conn_;
    std::string sql_;
    std::unique_ptr<PreparedStatement> stmt_;
    std::size_t columns_;
    std::uint64_t rows_ = 0;
    bool open_ = false;
};

}  // namespace strata::driver::sqlite
