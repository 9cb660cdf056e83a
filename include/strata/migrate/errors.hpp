// Errors of the migrate layer: each names the file, line or version involved.
#pragma once

#include <filesystem>
#include <string>

#include "strata/core/error.hpp"

namespace strata::migrate {

/// A migration file or directory that cannot be used; nothing was run.
class MigrationFileError : public UsageError {
public:
    MigrationFileError(const std::filesystem::path& path, int line, const std::string& message,
                       int column = 0)
        : UsageError(path.string() + (line > 0 ? ":" + std::to_string(line) : std::string()) +
                     (line > 0 && column > 0 ? ":" + std::to_string(column) : std::string()) +
                     ": " + message),
          path_(path),
          line_(line) {}
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] int line() const { return line_; }

private:
    std::filesystem::path path_;
    int line_;
};

/// The database's migration history disagrees with the files in a way that blocks the run
/// (edited after apply, a half-finished non-transactional migration, a strict out-of-order).
class MigrationStateError : public Error {
public:
    using Error::Error;
};

/// A statement of a migration failed on the server. Earlier migrations stay applied; a
/// transactional migration leaves no trace.
class MigrationFailed : public Error {
public:
    MigrationFailed(const std::string& message, std::string version, int line)
        : Error(message), version_(std::move(version)), line_(line) {}
    [[nodiscard]] const std::string& version() const { return version_; }
    [[nodiscard]] int line() const { return line_; }

private:
    std::string version_;
    int line_;
};

}  // namespace strata::migrate
