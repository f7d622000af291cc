#pragma once
// The typed, validated configuration. Produced only by load_config(); every
// field here has already been checked, so the rest of the daemon trusts it.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/clock.hpp"
#include "util/result.hpp"

namespace re2 {
class RE2;
}

namespace autofixd::config {

enum class StoppingPoint { root_cause, solution, code_changes, open_pr };

std::string_view to_string(StoppingPoint p);
std::optional<StoppingPoint> parse_stopping_point(std::string_view text);

struct ServerTls {
  std::string cert_file;  // empty = plain HTTP
  std::string key_file;
};

struct ServerConfig {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;  // 0 = pick a free port and log it
  std::string webhook_path = "/sentry/webhook";
  // When set, /healthz, /readyz and /metrics are served here (plain HTTP)
  // and no longer on `listen`; e.g. loopback for a local Prometheus.
  std::optional<std::string> ops_listen_host;
  std::uint16_t ops_listen_port = 0;
  std::size_t max_body_bytes = 1024 * 1024;
  Millis header_timeout{10'000};
  Millis body_timeout{30'000};
  Millis idle_timeout{60'000};
  std::size_t max_connections = 1024;
  // Connections one peer address may hold open; past it new ones are closed.
  std::size_t max_connections_per_ip = 64;
  // Stored deliveries not yet processed; past this the webhook answers 503
  // (with Retry-After) and stores nothing until the processor catches up.
  std::size_t max_pending_deliveries = 100'000;
  // Bytes of request bodies being read and handled at once, all
  // connections together; past it a request gets 503 before its body is read.
  std::size_t max_body_memory = 64 * 1024 * 1024;
  Millis timestamp_tolerance{5 * 60'000};
  // Client secrets accepted for the webhook signature; several during rotation.
  std::vector<std::string> client_secrets;
  // Where each client secret came from, same order as client_secrets, for
  // display without the secret: "SENTRY_CLIENT_SECRET", "file /path",
  // "[server] client_secret" ...
  std::vector<std::string> client_secret_sources;
  // Sentry integration installation UUIDs allowed to deliver webhooks,
  // lowercase; empty = any installation holding a client secret.
  std::vector<std::string> allowed_installations;
  ServerTls tls;
};

struct SentryConfig {
  std::string base_url = "https://sentry.io";  // no trailing slash
  std::string organization;
  std::string token;  // empty = dry-run
  // Where the token came from, for display without the token:
  // "SENTRY_TOKEN", "file /path" or "[sentry] token"; empty when not set.
  std::string token_source;
  std::string ca_file;
  double requests_per_second = 5;
  std::size_t max_concurrent_requests = 4;
  Millis connect_timeout{10'000};
  Millis request_timeout{30'000};
};

struct StoreConfig {
  std::string path = "/var/lib/autofixd/autofixd.db";
  // How long the body of a processed or ignored delivery is kept; 0 keeps
  // every body.
  Millis body_retention{30LL * 24 * 3600 * 1000};
  // How long delivery, decision and run rows are kept; 0 keeps every row.
  // Never less than the rules read back (Config::row_retention_in_effect).
  Millis row_retention{90LL * 24 * 3600 * 1000};
  // Deliveries of the last 24 h whose replay keys memory holds (about 80
  // bytes each); past it, the oldest keys are written to the store
  // (store/recent_keys.hpp, bench/replay_window).
  std::size_t replay_keys_in_memory = 131072;
};

struct PollingConfig {
  Millis initial_interval{10'000};
  Millis max_interval{120'000};
  Millis timeout{2 * 3600'000};
  // A `completed` short of the stopping point that makes no progress for
  // this long ends the run with what exists (Seer stopped between steps).
  Millis step_grace{15 * 60'000};
  // After a start POST that may have reached Sentry (time-out, dropped
  // connection, 5xx), no new POST until GETs spread over this window show
  // no run: Sentry may create the run seconds after we gave up waiting.
  Millis uncertain_start_window{10 * 60'000};
  // How long a run waiting for a person's answer in Sentry stays polled.
  Millis input_timeout{3LL * 24 * 3600'000};
};

struct WatchConfig {
  Millis recheck_interval{5 * 60'000};
  Millis expire_after{7 * 24 * 3600'000LL};
};

struct SweepConfig {
  Millis interval{10 * 60'000};  // 0 disables
};

// "act" starts runs; "observe" decides and records everything exactly as
// it would (fresh facts, existing runs) but writes nothing to Sentry.
enum class Mode { act, observe };

struct AutomationConfig {
  Mode mode = Mode::act;
};

// Limits over all rules together ([budget]); nullopt = no limit. Windows
// are rolling: a run counts for exactly one hour (one day) after its
// decision. Only runs autofixd pays for count (started and continued;
// following someone else's run costs nothing).
struct BudgetConfig {
  std::optional<std::int64_t> max_runs_per_hour;  // Sentry caps starts at 100/h per organization
  std::optional<std::int64_t> max_runs_per_day;
  std::optional<std::int64_t> max_active_runs;    // started and not yet finished
};

struct LogConfig {
  std::string level = "info";  // trace|debug|info|warn|error
};

// What a rule does when the issue already has a Seer run autofixd did not
// start (Sentry's automation, a person): skip it, or follow and report it.
enum class OnExistingRun { skip, follow };

// An external coding agent the run is handed to after the solution step.
struct CodingAgentHandoff {
  std::int64_t integration_id = 0;
  std::string provider;
};

// A regular expression from the config, in RE2 syntax (linear time on any
// input, so a hostile issue title cannot stall the rules). Compiled once at
// load; copies of the config share the compiled form. Thread-safe to use.
class Pattern {
 public:
  // The compiled pattern, or an Error (code "config.invalid_value") whose
  // message is RE2's own, e.g. "missing ): (a". Case-sensitive unless the
  // pattern says (?i).
  static Result<Pattern> compile(std::string_view text);

  const std::string& text() const { return text_; }
  // True when the pattern matches anywhere in `subject` (unanchored: use
  // ^ and $ to anchor).
  bool found_in(std::string_view subject) const;

 private:
  std::string text_;
  std::shared_ptr<const re2::RE2> re_;
};

struct Rule {
  std::string name;
  std::vector<std::string> projects;      // empty = all
  std::vector<std::string> levels;        // empty = all
  std::vector<std::string> priorities;    // Sentry priority: high|medium|low; empty = all
  std::vector<std::string> categories;    // issueCategory ("error", "performance" ...); empty = all
  std::vector<std::string> substatuses;   // "new", "regressed", "escalating" ...; empty = all
  std::optional<Pattern> title_matches;   // the title must match
  std::optional<Pattern> title_excludes;  // the title must not match
  std::optional<Pattern> culprit_matches;  // the culprit must match
  std::optional<Millis> max_age;           // firstSeen no older than this at evaluation
  bool unhandled_only = false;             // only issues Sentry marks isUnhandled
  std::optional<std::int64_t> min_events;
  std::optional<std::int64_t> min_users;
  std::optional<double> min_fixability;
  std::string min_fixability_text;  // as written ("medium" or "0.5"), for display
  StoppingPoint stopping_point = StoppingPoint::root_cause;
  std::string instruction;
  Millis cooldown{0};
  std::optional<std::int64_t> max_runs_per_day;
  std::optional<std::int64_t> max_runs_per_hour;
  // Thresholds (min_events, min_users) count only these environments'
  // events; empty = all environments.
  std::vector<std::string> environments;
  OnExistingRun on_existing_run = OnExistingRun::skip;
  std::string repo_name;  // open_pr target when the project has several repositories
  std::optional<CodingAgentHandoff> coding_agent;
  Mode mode = Mode::act;  // "observe": this rule decides but never starts
  int line = 0;           // line of the [[rule]] header in the config file
};

// A rule's cooldown, or this when it has none, bounds how recent a run
// started by someone else must be to count as already triggered.
inline constexpr Millis kDefaultTriggeredWindow{7LL * 24 * 3600'000};
// How recent someone else's Seer run must be to count as already triggered
// for `rule` (null: a rule removed since the decision).
inline Millis triggered_window(const Rule* rule) {
  return rule != nullptr && rule->cooldown > Millis{0} ? rule->cooldown : kDefaultTriggeredWindow;
}

// A second issue tracker mirrored from Sentry ([[tracker]]): each run's
// result is posted there too (notify/).
struct Tracker {
  std::string name;               // outbox target name; default "owlmetry" (unique among trackers)
  std::string kind = "owlmetry";  // the only kind so far
  std::string base_url;           // validated like [sentry] base_url, no trailing slash
  std::string api_key_file;       // resolved path
  std::string api_key;            // read from api_key_file, trimmed
  std::string project_id;
  std::vector<std::string> sentry_projects;  // empty = all
  std::string match = "title";               // "title" or "tag:NAME"
  std::string set_status;                    // "" = leave the tracker issue's status alone
  int line = 0;                              // line of the [[tracker]] header
};

// A chat or paging destination ([[notify]]): one message per run outcome.
struct NotifyTarget {
  std::string name;              // outbox target name; default the kind (unique among targets)
  std::string kind;              // "slack" or "webhook"
  std::string url_file;          // resolved path; the URL is a secret (Slack's carries a token)
  std::string url;               // read from url_file: https (http only for loopback)
  std::string url_origin;        // "https://hooks.slack.com" (from url)
  std::string url_target;        // "/services/T0/B0/XXXX" (from url; "/" when none)
  std::string secret_file;       // kind "webhook": the HMAC-SHA256 signing secret's file
  std::string secret;            // read from secret_file
  std::vector<std::string> outcomes;  // notify::OutcomeKind names; empty = all
  int line = 0;                       // line of the [[notify]] header
};

// The outcome names a [[notify]] `outcomes` list may hold (notify::OutcomeKind).
std::span<const std::string_view> notify_outcome_names();

struct Config {
  std::filesystem::path source;
  ServerConfig server;
  SentryConfig sentry;
  StoreConfig store;
  PollingConfig polling;
  WatchConfig watch;
  SweepConfig sweep;
  AutomationConfig automation;
  BudgetConfig budget;
  LogConfig log;
  std::vector<Rule> rules;
  std::vector<Tracker> trackers;
  std::vector<NotifyTarget> notify;
  // Environment variables that overrode the file, in the order applied.
  std::vector<std::string> env_overrides;

  bool dry_run() const { return sentry.token.empty(); }
  // A start by `rule` is only recorded ([automation] or the rule observes).
  bool observes(const Rule* rule) const {
    return automation.mode == Mode::observe || (rule != nullptr && rule->mode == Mode::observe);
  }
  // The rule named `name`, or null (a run outlives a rule removed on SIGHUP).
  const Rule* find_rule(std::string_view name) const;
  // How long rows are kept: [store] row_retention, but never less than the
  // rules look back over our runs (the longest rule cooldown, and the 7-day
  // already-triggered window; budgets and the replay window read one day).
  // 0 keeps every row.
  Millis row_retention_in_effect() const;
};

// Looks up an environment variable; injected so tests need not touch the
// process environment.
using GetEnv = std::function<std::optional<std::string>(std::string_view name)>;
GetEnv process_env();

// Reads and validates the TOML file at `path`, then applies the environment
// overrides SENTRY_HOST, SENTRY_ORG, SENTRY_TOKEN, SENTRY_CLIENT_SECRET.
// On failure the Error message names the file, key and line, e.g.
//   "autofixd.toml:12: rule[0].min_fixability: expected a number 0..1 or one of ..."
// A file readable by group or others may not hold a secret inline (see
// parse_config's `file_mode`).
Result<Config> load_config(const std::filesystem::path& path, const GetEnv& env);

// Same, from text already in memory. `source_name` is used in messages and
// is taken as the config file's path: relative paths in the config (store
// path, *_file, ca_file) resolve against its directory (the current
// directory when it has none). `file_mode`: the permission bits of the file
// the text was read from (load_config passes them); when group or others may
// read it, every inline secret ([sentry] token; client_secret and
// client_secrets in [server] or [sentry]) is a config.inline_secret_mode
// error naming key, line and mode, even when the environment overrides it.
// Files under /run/credentials/ are exempt, as secret files are.
Result<Config> parse_config(std::string_view toml_text, std::string_view source_name,
                            const GetEnv& env, std::optional<unsigned> file_mode = std::nullopt);

// Human-readable summary of the effective configuration and rules, secrets
// redacted; printed by `autofixd check-config`.
std::string describe(const Config& config);
// The same as one JSON document (for `check-config --json`).
std::string describe_json(const Config& config);

// Things that are valid but probably not what the operator wants (no client
// secret, so every webhook gets 401; no rules ...); one sentence each.
// describe() includes them; the daemon logs them at start-up.
std::vector<std::string> warnings(const Config& config);

// Sentry's named fixability thresholds (super_low 0.0 ... super_high 0.76);
// nullopt for any other name.
std::optional<double> named_fixability(std::string_view name);

}  // namespace autofixd::config
