// autofixd: Sentry webhooks → rules → Seer Autofix runs → result comments.
// CLI only; the commands live in app/.

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "ops/logging.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"autofixd: turns Sentry alerts into Seer Autofix runs and posts the results"};
  cli.set_version_flag("--version", "autofixd 0.1.0");
  autofixd::app::CommonOptions options;
  options.config_path = "/etc/autofixd/autofixd.toml";
  cli.add_option("-c,--config", options.config_path, "configuration file (TOML)")
      ->capture_default_str();
  std::string log_format = "text";
  cli.add_option("--log-format", log_format,
                 "log lines: text (\"<N>\" priorities under the journal) or json (one object "
                 "per line: ts, level, msg)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cli.fallthrough();

  auto* run = cli.add_subcommand("run", "run the daemon (the default command)");
  auto* check = cli.add_subcommand("check-config", "validate the config and print the rules");
  check->add_flag("--json", options.json, "print one JSON document");
  auto* explain = cli.add_subcommand("explain", "show which rule matches a webhook payload");
  std::string payload;
  std::string resource;
  explain->add_option("payload", payload, "webhook body (JSON file)")->required();
  explain->add_option("--resource", resource,
                      "Sentry-Hook-Resource (default: inferred from the payload)");
  explain->add_flag("--json", options.json, "print one JSON document");
  auto* runs = cli.add_subcommand("runs", "list runs from the store, newest first");
  std::optional<std::string> state;
  int limit = 100;
  runs->add_option("--state", state,
                   "only runs in this state (pending, starting, running, completed, failed, "
                   "needs_input, timed_out, cancelled)");
  runs->add_option("--limit", limit, "at most this many runs")->capture_default_str();
  runs->add_flag("--json", options.json, "print one JSON array");
  auto* deliveries = cli.add_subcommand(
      "deliveries", "list stored webhook deliveries, newest first (dead letters: --state dead)");
  std::optional<std::string> delivery_state;
  deliveries->add_option("--state", delivery_state,
                         "only deliveries in this state (pending, processed, ignored, dead)");
  deliveries->add_option("--limit", limit, "at most this many deliveries")->capture_default_str();
  deliveries->add_flag("--json", options.json, "print one JSON array");
  auto* replay = cli.add_subcommand(
      "replay", "make a dead delivery pending again (the daemon retries it within 30s, or at "
                "once on SIGHUP)");
  std::int64_t delivery_id = 0;
  replay->add_option("delivery_id", delivery_id, "the delivery's ID (from `deliveries`)")
      ->required();
  auto* pause = cli.add_subcommand(
      "pause", "kill switch: stop starting runs (a running daemon within 5s; polling, comments "
               "and intake go on)");
  std::string reason;
  pause->add_option("--reason", reason, "why, for the record and the logs");
  auto* resume = cli.add_subcommand("resume", "undo `pause`: runs start again within 5s");
  auto* decisions = cli.add_subcommand("decisions", "list stored decisions, newest first");
  std::optional<std::string> decision_issue;
  int decision_limit = 50;
  decisions->add_option("--issue", decision_issue,
                        "only this issue: numeric id (1170820242) or short id (BACKEND-12)");
  decisions->add_option("--limit", decision_limit, "at most this many decisions")
      ->capture_default_str();
  decisions->add_flag("--json", options.json, "print one JSON array");
  auto* queue = cli.add_subcommand(
      "queue", "starts held back by a budget or the kill switch, in start order, and the "
               "budgets left");
  queue->add_flag("--json", options.json, "print one JSON document");
  auto* outbox = cli.add_subcommand(
      "outbox", "messages for [[tracker]] and [[notify]] targets, newest first: sent, skipped "
                "(and why), pending and dead letters");
  autofixd::app::OutboxQuery outbox_query;
  outbox->add_option("--state", outbox_query.state, "pending, sending, sent, skipped or dead");
  outbox->add_option("--issue", outbox_query.issue, "only this Sentry issue id");
  outbox->add_option("--run", outbox_query.run, "only this run id");
  outbox->add_option("--limit", outbox_query.limit, "at most this many messages")
      ->capture_default_str();
  outbox->add_flag("--json", options.json, "print one JSON array");
  auto* resend = cli.add_subcommand(
      "resend", "send a dead outbox message again (the daemon tries within a few seconds)");
  std::int64_t outbox_id = 0;
  resend->add_option("message_id", outbox_id, "the message's ID (from `outbox`)")->required();
  auto* check_rules = cli.add_subcommand(
      "check-rules", "offline rule tests: run each *.json case in CASES_DIR through the rules");
  std::string cases_dir;
  check_rules->add_option("CASES_DIR", cases_dir, "directory of *.json cases")->required();
  check_rules->add_flag("--json", options.json, "print one JSON array of case results");
  double answer_wait = 10.0;
  auto* start = cli.add_subcommand(
      "start", "decide now on fresh facts from Sentry, the rule's thresholds set aside (never "
               "budgets, the kill switch or an existing Seer run); a running daemon acts within "
               "seconds");
  std::string start_issue;
  std::string start_rule;
  start
      ->add_option("ISSUE_ID", start_issue,
                   "Sentry's numeric issue id, or a short id (BACKEND-12) a stored decision names")
      ->required();
  start->add_option("--rule", start_rule, "only this rule (default: the first that fits)");
  auto* retry = cli.add_subcommand(
      "retry", "a failed or timed_out run's issue gets a new decision (budgets and existing runs "
               "apply)");
  auto* cancel = cli.add_subcommand(
      "cancel", "stop following an active run: it ends cancelled and its comment says an "
                "operator cancelled it");
  std::int64_t operator_run = 0;
  for (auto* command : {retry, cancel}) {
    command->add_option("RUN_ID", operator_run, "the run's id (from `autofixd runs`)")->required();
  }
  for (auto* command : {start, retry, cancel}) {
    command->add_option("--wait", answer_wait, "seconds to wait for the daemon's answer")
        ->capture_default_str();
  }
  auto* backup = cli.add_subcommand(
      "backup", "online, consistent copy of the store while the daemon runs (restore: stop the "
                "daemon, replace the store file with the copy, start it)");
  std::string backup_dest;
  bool backup_force = false;
  int backup_step_pages = 256;
  backup->add_option("DEST", backup_dest, "the copy's path (written as a temporary file, then "
                                          "renamed; mode 0600)")
      ->required();
  backup->add_flag("--force", backup_force, "replace DEST if it exists");
  backup->add_option("--step-pages", backup_step_pages,
                     "pages copied per step (a short pause follows each)")
      ->capture_default_str();
  cli.require_subcommand(0, 1);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    // decisions and check-rules exit 2 for a usage mistake (DESIGN.md, CLI).
    return code != 0 && (decisions->parsed() || check_rules->parsed() || outbox->parsed()) ? 2
                                                                                         : code;
  }
  autofixd::ops::configure_logging(*autofixd::ops::parse_log_format(log_format));
  if (*check) return autofixd::app::check_config(options);
  if (*explain) return autofixd::app::explain(options, payload, resource);
  if (*runs) return autofixd::app::list_runs(options, state, limit);
  if (*deliveries) return autofixd::app::list_deliveries(options, delivery_state, limit);
  if (*replay) return autofixd::app::replay_delivery(options, delivery_id);
  if (*pause) return autofixd::app::pause(options, reason);
  if (*resume) return autofixd::app::resume(options);
  if (*decisions) return autofixd::app::list_decisions(options, decision_issue, decision_limit);
  if (*queue) return autofixd::app::show_queue(options);
  if (*outbox) return autofixd::app::list_outbox(options, outbox_query);
  if (*resend) return autofixd::app::resend_outbox(options, outbox_id);
  if (*check_rules) return autofixd::app::check_rules(options, cases_dir);
  if (*backup) {
    return autofixd::app::backup_store(options, backup_dest, backup_force, backup_step_pages);
  }
  if (*start) return autofixd::app::start_issue(options, start_issue, start_rule, answer_wait);
  if (*retry) return autofixd::app::retry_run(options, operator_run, answer_wait);
  if (*cancel) return autofixd::app::cancel_run(options, operator_run, answer_wait);
  (void)run;
  return autofixd::app::run_daemon(options);
}
