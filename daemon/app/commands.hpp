#pragma once
// The CLI commands. Each returns the process exit code and prints its own
// errors to stderr.

#include <cstdint>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "store/store.hpp"

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

// Who ran the command, for the record: the Unix user name, else "uid N".
std::string unix_user();
// The configured store, created and migrated if need be, for a command that
// changes a few rows while the daemon may run; on error prints it and
// returns nullopt.
std::optional<store::Store> open_store(const CommonOptions& options);
// The configured store as it exists (neither created nor migrated), for
// listings and small writes while the daemon may run (WAL, busy_timeout); on
// error prints it and returns nullopt.
std::optional<store::Store> open_existing_store(const config::Config& config);

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
// autofixd decisions [--issue ID|SHORT-ID] [--limit N]: stored decisions,
// newest first (app/decisions_command.cpp). 0 on success (also when there
// are none); 1 when the config or the store cannot be read; 2 for a bad
// --issue or --limit.
int list_decisions(const CommonOptions& options, const std::optional<std::string>& issue,
                   int limit);
// autofixd check-rules CASES_DIR: runs each *.json case through the rules
// (app/check_rules_command.cpp). 0 when every case got what it expects, 1
// when one did not, 2 when the config, CASES_DIR or a case cannot be read.
// The config's secrets are not needed.
int check_rules(const CommonOptions& options, const std::string& cases_dir);
// autofixd pause [--reason TEXT] / resume: the kill switch in the store,
// recorded with the Unix user and time. 0 on success, 1 when the config or
// the store cannot be used.
int pause(const CommonOptions& options, const std::string& reason);
int resume(const CommonOptions& options);
// autofixd queue [--json]: queued starts in start order and the budgets
// left (app/queue_command.cpp). 0 on success, 1 when the config or the
// store cannot be read.
int show_queue(const CommonOptions& options);
// autofixd outbox [--state S] [--issue ID] [--run ID] [--limit N]: messages
// for [[tracker]] and [[notify]] targets, newest first
// (app/outbox_command.cpp). 0 on success, 1 when the config or the store
// cannot be read, 2 for an unknown state.
struct OutboxQuery {
  std::optional<std::string> state;
  std::optional<std::int64_t> issue;
  std::optional<std::int64_t> run;
  int limit = 50;
};
int list_outbox(const CommonOptions& options, const OutboxQuery& query);
// autofixd resend ID: a dead outbox message is tried again. 0 when it was
// dead, 1 otherwise.
int resend_outbox(const CommonOptions& options, std::int64_t id);

// autofixd backup DEST [--force]: an online, consistent copy of the store
// (app/backup_command.cpp). 0 on success, 1 when it cannot be made (DEST
// exists without --force, no store, I/O), 2 for a bad --step-pages.
int backup_store(const CommonOptions& options, const std::string& destination, bool force,
                 int pages_per_step);

// Operator requests to the running daemon (app/operator_commands.cpp),
// recorded with the Unix user: the command waits up to `wait` for the
// daemon's answer and prints it. Exit codes: 0 done, 1 refused (or the
// config, the store or the run cannot be used), 3 the daemon did not answer
// in time (the request stays and a daemon acts on it when it runs).
inline constexpr int kNotAnsweredYet = 3;
// autofixd start ISSUE [--rule NAME]: decide now on fresh facts, the rule's
// thresholds set aside (never budgets, the kill switch or existing runs).
int start_issue(const CommonOptions& options, const std::string& issue, const std::string& rule,
                double wait_seconds);
// autofixd retry RUN: a failed or timed_out run's issue gets a new decision.
int retry_run(const CommonOptions& options, std::int64_t run, double wait_seconds);
// autofixd cancel RUN: autofixd stops following an active run.
int cancel_run(const CommonOptions& options, std::int64_t run, double wait_seconds);

}  // namespace autofixd::app
