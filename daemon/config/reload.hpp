#pragma once
// What SIGHUP may change in a running daemon. Pure: compares the running
// configuration with the file's and says which keys wait for a restart.

#include <string>
#include <vector>

#include "config/config.hpp"

namespace autofixd::config {

// One key SIGHUP could not apply.
struct KeptKey {
  std::string key;      // e.g. "server.listen", "sentry.token (dry-run -> live)"
  std::string running;  // the value kept, shown without secrets
  std::string wanted;   // the file's value, shown without secrets
};

// Keys bound at start (listening socket, HTTP limits, store, the Sentry
// client, dry-run vs live) that differ between `running` and `next`: each
// is set back to the running value in `next`, so the reloaded config says
// what the daemon really does, and returned so the caller can log it.
// Everything else (rules, budgets, automation, polling, watch, sweep,
// secrets, token rotation, installations, the TLS certificate, log level,
// body retention, max_pending_deliveries) applies at once.
std::vector<KeptKey> keep_restart_only_keys(const Config& running, Config& next);

}  // namespace autofixd::config
