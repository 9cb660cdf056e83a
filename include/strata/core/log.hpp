// Logging: one process-wide sink, levels, and secret redaction on every line.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace strata::log {

enum class Level : int { trace = 0, debug = 1, info = 2, warn = 3, error = 4, off = 5 };

/// Receives finished, already-redacted lines. Default: stderr as "strata: <level>: <message>".
using Sink = std::function<void(Level, std::string_view)>;

/// Thread-safe. Replaces the sink (nullptr restores the default). Calls to the sink are
/// serialized; a sink must not log itself.
void set_sink(Sink sink);
/// Thread-safe. Lines below level are dropped (default: info).
void set_level(Level level);
[[nodiscard]] Level level();
/// "trace", "debug", "info", "warn", "error", "off".
[[nodiscard]] std::string_view level_name(Level level);
/// Parses a level name (case-insensitive; "warning" accepted); ConfigError naming origin otherwise.
[[nodiscard]] Level parse_level(std::string_view text, std::string_view origin);
[[nodiscard]] inline bool enabled(Level l) {
    return l >= level();
}

/// Registers a secret (a password) that must never be printed: every log line, and every error
/// message built through redact(), has it replaced with "****". Its percent-encoded form is
/// registered too. Empty secrets are ignored. Thread-safe.
void register_secret(std::string secret);
/// Forgets every registered secret (for tests). Thread-safe.
void clear_secrets();
/// Replaces registered secrets and the password part of any URL in text
/// (scheme://user:SECRET@host, password=SECRET and password='S E' in conninfo strings,
/// ?password=SECRET in URL queries, PGPASSWORD=SECRET) with "****". Thread-safe.
[[nodiscard]] std::string redact(std::string_view text);

/// Writes one line through the sink after redaction.
void write(Level level, std::string_view message);

template <class... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(Level::debug)) write(Level::debug, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void info(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(Level::info)) write(Level::info, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void warn(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(Level::warn)) write(Level::warn, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void error(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(Level::error)) write(Level::error, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace strata::log
