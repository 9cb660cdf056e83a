// Names of strata's test databases and what they encode (owner pid, creation time, hash).
#include "testing/template_names.hpp"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <ctime>

#include <fmt/format.h>

#include "cluster/process.hpp"

namespace strata::testing::detail {
namespace {

std::atomic<unsigned long> counter{0};

template <class T>
std::optional<T> number(std::string_view text) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

}  // namespace

std::string template_name(const std::string& fingerprint) {
    return std::string(kTemplatePrefix) + fingerprint.substr(0, 16);
}

std::int64_t template_lock_key(std::string_view name) {
    auto hex = name.substr(kTemplatePrefix.size(), 16);
    std::uint64_t value = 0;
    std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
    return static_cast<std::int64_t>(value & 0x7fffffffffffffffULL);
}

std::string next_clone_name() {
    static const std::string start = strata::detail::process_start_time(::getpid());
    return fmt::format("{}{}_{}_{}", kClonePrefix, ::getpid(), start, ++counter);
}

std::string next_cli_clone_name() {
    return fmt::format("{}{}_{}_{}", kCliClonePrefix, std::time(nullptr), ::getpid(), ++counter);
}

std::optional<CloneOwner> clone_owner(std::string_view name) {
    if (!name.starts_with(kClonePrefix)) return std::nullopt;
    auto rest = name.substr(kClonePrefix.size());
    auto a = rest.find('_');
    if (a == std::string_view::npos) return std::nullopt;
    auto b = rest.find('_', a + 1);
    if (b == std::string_view::npos) return std::nullopt;
    auto pid = number<pid_t>(rest.substr(0, a));
    if (!pid) return std::nullopt;
    return CloneOwner{*pid, std::string(rest.substr(a + 1, b - a - 1))};
}

std::optional<long long> cli_clone_created(std::string_view name) {
    if (!name.starts_with(kCliClonePrefix)) return std::nullopt;
    auto rest = name.substr(kCliClonePrefix.size());
    return number<long long>(rest.substr(0, rest.find('_')));
}

bool is_test_database_name(std::string_view name) {
    return name.starts_with(kTemplatePrefix) || name.starts_with(kClonePrefix) ||
           name.starts_with(kCliClonePrefix);
}

}  // namespace strata::testing::detail
