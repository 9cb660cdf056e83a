// Names of strata's test databases (templates, per-test clones, CLI clones) and what they encode.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata::testing::detail {

inline constexpr std::string_view kTemplatePrefix = "strata_tpl_";
inline constexpr std::string_view kBuildingSuffix = "_building";
inline constexpr std::string_view kClonePrefix = "strata_clone_";
inline constexpr std::string_view kCliClonePrefix = "strata_testdb_";

/// strata_tpl_<first 16 hex digits of fingerprint>.
std::string template_name(const std::string& fingerprint);
/// The pg_advisory_lock key of a template: its 16 hex digits, top bit cleared.
std::int64_t template_lock_key(std::string_view template_or_building_name);

/// strata_clone_<pid>_<process start time>_<n> for this process (n counts up).
std::string next_clone_name();
/// strata_testdb_<unix time>_<pid>_<n>.
std::string next_cli_clone_name();

/// Owner of a per-test clone, parsed from its name.
struct CloneOwner {
    pid_t pid = 0;
    std::string start_time;
};
std::optional<CloneOwner> clone_owner(std::string_view name);
/// Creation time (unix seconds) of a CLI clone, parsed from its name.
std::optional<long long> cli_clone_created(std::string_view name);

/// True for names strata's testing layer creates (templates, clones, CLI clones).
bool is_test_database_name(std::string_view name);

}  // namespace strata::testing::detail
