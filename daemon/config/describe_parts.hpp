#pragma once
// Internal to config/: phrases shared by describe() and describe_json(), so
// the text and JSON summaries never disagree. None of them contains a secret.

#include <string>

#include "config/config.hpp"

namespace autofixd::config::detail {

// "set (from SENTRY_TOKEN)", "set (from file /path)", "not set".
std::string secret_status(const std::string& source);
// Why the daemon is in dry-run or live mode (without the mode itself).
std::string mode_reason(const Config& config);
// "127.0.0.1:8080", "[::1]:8080".
std::string listen_text(const ServerConfig& server);
// "medium(0.40)" for a named threshold, "0.5" for a number, "" when unset.
std::string fixability_text(const Rule& rule);
// "backend,web" or "all".
std::string list_or_all(const std::vector<std::string>& items);

}  // namespace autofixd::config::detail
