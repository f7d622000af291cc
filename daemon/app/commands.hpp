#pragma once
// The CLI commands. Each returns the process exit code and prints its own
// errors to stderr.

#include <cstdint>
#include <optional>
#include <string>

#include "config/config.hpp"

namespace autofixd::app {

struct CommonOptions {
  std::string config_path;
  bool json = false;
};

// The configuration named by the options, with the process environment's overrides.
Result<config::Config> load(const CommonOptions& options);
// Same; on error prints "autofixd: <what and where>" to stderr and returns
// nullopt, so a command can simply return 1.
std::optional<config::Config> load_or_report(const CommonOptions& options);

// autofixd run: the daemon, until SIGTERM/SIGINT (exit 0).
int run_daemon(const CommonOptions& options);
// autofixd check-config: 0 when valid (prints the effective rules), 1 otherwise.
int check_config(const CommonOptions& options);
// autofixd explain PAYLOAD.json: which rule matches and why; no side effects.
int explain(const CommonOptions& options, const std::string& payload_path,
            const std::string& resource);
// autofixd runs [--state S]: runs from the store, newest first.
int list_runs(const CommonOptions& options, const std::optional<std::string>& state, int limit);
// autofixd deliveries [--state S]: stored webhook deliveries, newest first
// (dead letters: --state dead). 1 for an unknown state or an unreadable store.
int list_deliveries(const CommonOptions& options, const std::optional<std::string>& state,
                    int limit);
// autofixd replay ID: a dead delivery becomes pending again. 0 when it was
// dead, 1 otherwise (unknown id, not dead, store unreadable).
int replay_delivery(const CommonOptions& options, std::int64_t id);

}  // namespace autofixd::app
