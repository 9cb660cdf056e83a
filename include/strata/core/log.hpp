// Logging: one process-wide sink, levels, and secret redaction on every line.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <string>
#include <string_view>

namespace strata::log {

enum class Level : int { trace = 0, debug = 1, info = 2, warn = 3, error = 4, off = 5 };

/// Receives finished, already-redacted lines. Default: stderr as "strata: <level>: <message>".
using Sink = std::function<void(Level, std::string_view)>;

/// Thread-safe. Replaces the sink (nullptr restores the default).
void set_sink(Sink sink);
void set_level(Level level);
[[nodiscard]] Level level();
[[nodiscard]] inline bool enabled(Level l) { return l >= level(); }

/// Registers a secret (a password) that must never be printed: every log line, and every error
/// message built through redact(), has it replaced with "****". Thread-safe.
void register_secret(std::string secret);
/// Replaces registered secrets and the password part of any URL in text
/// (scheme://user:SECRET@host, password=SECRET in conninfo strings) with "****".
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
