#pragma once
// The CLI commands. Each returns the process exit code and prints its own
// errors to stderr.

#include <optional>
#include <string>

namespace autofixd::app {

struct CommonOptions {
  std::string config_path;
  bool json = false;
};

// autofixd run: the daemon, until SIGTERM/SIGINT (exit 0).
int run_daemon(const CommonOptions& options);
// autofixd check-config: 0 when valid (prints the effective rules), 1 otherwise.
int check_config(const CommonOptions& options);
// autofixd explain PAYLOAD.json: which rule matches and why; no side effects.
int explain(const CommonOptions& options, const std::string& payload_path,
            const std::string& resource);
// autofixd runs [--state S]: runs from the store, newest first.
int list_runs(const CommonOptions& options, const std::optional<std::string>& state, int limit);

}  // namespace autofixd::app
