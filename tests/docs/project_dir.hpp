// A copy of a docs example project in the build tree as the working directory, for examples
// that name relative paths ("db/migrations", "sqlite:///db/app.db") as a project's code does.
#pragma once

#include <filesystem>
#include <string>

namespace docs {

/// Copies tests/docs/<name> to <build>/docs-projects/<name> and makes it the working directory
/// until destroyed.
class InProjectCopy {
public:
    explicit InProjectCopy(const std::string& name)
        : previous_(std::filesystem::current_path()),
          copy_(std::filesystem::path(STRATA_BINARY_DIR) / "docs-projects" / name) {
        std::filesystem::remove_all(copy_);
        std::filesystem::create_directories(copy_);
        std::filesystem::copy(std::filesystem::path(STRATA_SOURCE_DIR) / "tests" / "docs" / name,
                              copy_, std::filesystem::copy_options::recursive);
        std::filesystem::current_path(copy_);
    }
    ~InProjectCopy() { std::filesystem::current_path(previous_); }
    InProjectCopy(const InProjectCopy&) = delete;
    InProjectCopy& operator=(const InProjectCopy&) = delete;
    InProjectCopy(InProjectCopy&&) = delete;
    InProjectCopy& operator=(InProjectCopy&&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return copy_; }

private:
    std::filesystem::path previous_;
    std::filesystem::path copy_;
};

}  // namespace docs
