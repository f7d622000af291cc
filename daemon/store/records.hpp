#pragma once
// The rows the store reads and writes, as plain values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"
#include "util/clock.hpp"
#include "util/ids.hpp"

namespace autofixd::store {

// A run's persisted state. pending → starting → running → one terminal state.
enum class RunState { pending, starting, running, completed, failed, needs_input, timed_out, cancelled };

std::string_view to_string(RunState state);
std::optional<RunState> parse_run_state(std::string_view text);
bool is_terminal(RunState state);

struct NewDelivery {
  std::string request_id;
  std::string resource;
  std::string action;
  std::string handling;  // "evaluate" | "advance" | "ignore"
  std::optional<IssueId> issue;
  std::string body;
  SysTime received_at;
};

struct InsertedDelivery {
  DeliveryId id;
  bool duplicate = false;  // the Request-ID was already stored
};

struct DeliveryRow {
  DeliveryId id;
  std::string request_id;
  std::string resource;
  std::string action;
  std::string handling;
  std::optional<IssueId> issue;
  std::string body;
  bool body_read = false;  // false: left out on request (see Store::pending_deliveries)
  std::int64_t attempts = 0;
  SysTime received_at;
};

// One range of Store::prune_bodies.
struct BodyPrune {
  std::int64_t deleted = 0;
  // A delivery in the range was received at or after the cut-off: every
  // later one is too young, so a walk can stop here.
  bool reached_recent = false;
  std::optional<DeliveryId> next;  // where the next range starts (a stored body)
};

// A delivery as the `deliveries` command shows it.
struct DeliverySummary {
  DeliveryId id;
  std::string request_id;
  std::string resource;
  std::string action;
  std::optional<IssueId> issue;
  std::string state;  // "pending" | "processed" | "ignored" | "dead"
  std::int64_t attempts = 0;
  std::string last_error;
  SysTime received_at;
  std::optional<SysTime> processed_at;
};

struct RunRow {
  RunId id;
  IssueId issue;
  std::int64_t decision_id = 0;
  std::string rule;
  config::StoppingPoint stopping_point = config::StoppingPoint::root_cause;
  std::string instruction;
  RunState state = RunState::pending;
  std::optional<SentryRunId> sentry_run;
  SysTime created_at;
  SysTime updated_at;
  std::optional<SysTime> started_at;   // Sentry's 202 for the start POST
  std::optional<SysTime> finished_at;
  std::optional<SysTime> next_poll_at;  // when the runs engine next acts; null = nothing to do
  std::int64_t poll_count = 0;
  std::int64_t attempts = 0;  // consecutive failed attempts at the current step
  std::string detail;         // last status text or error
  std::string issue_title;
  std::string issue_short_id;
  std::string issue_url;
  std::string last_state;  // last autofix state body read from Sentry (JSON)
};

// failed: given up after Sentry refused it for good (issue gone, rejected).
enum class CommentState { pending, posting, posted, failed };

struct CommentRow {
  RunId run;
  IssueId issue;
  std::optional<SentryRunId> sentry_run;
  std::string body;
  CommentState state = CommentState::pending;
  std::int64_t attempts = 0;
  SysTime next_attempt_at;
  std::string sentry_comment_id;
};

struct WatchRow {
  IssueId issue;
  SysTime next_check_at;
  SysTime expires_at;
  std::string reason;
};

// A decision to store, with the run it creates when outcome is "start".
struct DecisionRecord {
  std::optional<DeliveryId> delivery;  // the delivery that triggered it, if any
  IssueId issue;
  SysTime decided_at;
  std::string outcome;  // "start" | "skip" | "watch" | "dry_run"
  std::string rule;
  std::string reason;
  std::string detail;
  std::string facts_json;
  // For outcome "start":
  config::StoppingPoint stopping_point = config::StoppingPoint::root_cause;
  std::string instruction;
  std::string issue_title;
  std::string issue_short_id;
  std::string issue_url;
  // For outcome "watch":
  std::optional<SysTime> recheck_at;
  std::optional<SysTime> watch_expires_at;
};

struct RecordedDecision {
  std::int64_t decision_id = 0;
  std::optional<RunId> run;  // set when a run was created
  // True when outcome was "start" but another active run for the issue won
  // (unique index): the decision was stored as skip/active_run instead.
  bool lost_to_active_run = false;
};

// What processing made of one delivery. The processor applies the steps of
// many deliveries in one transaction (Store::apply_delivery_steps).
struct AdvanceRun {  // a seer delivery: the issue's running run is polled now
  DeliveryId delivery;
  IssueId issue;
  SysTime now;
};
struct FinishDelivery {  // nothing to decide: "ignored" or "dead"
  DeliveryId delivery;
  std::string state;
  std::string error;
};
struct FailDelivery {  // processing failed; dead-lettered after max_attempts
  DeliveryId delivery;
  std::string error;
  int max_attempts = 0;
};
using DeliveryStep = std::variant<DecisionRecord, AdvanceRun, FinishDelivery, FailDelivery>;

struct AppliedStep {
  std::optional<RecordedDecision> decision;  // for a DecisionRecord
  bool run_moved = false;                    // for AdvanceRun: a running run became due
};

}  // namespace autofixd::store
