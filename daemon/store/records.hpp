#pragma once
// The rows the store reads and writes, as plain values.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"
#include "util/clock.hpp"
#include "util/ids.hpp"
#include "util/xxh128.hpp"

namespace autofixd::store {

// A run's persisted state. pending → starting → running → one terminal state.
// needs_input is active: the run waits for a person's answer in Sentry and
// stays polled until it moves on or [polling] input_timeout passes; a run
// that ends there keeps the state with finished_at set.
enum class RunState { pending, starting, running, completed, failed, needs_input, timed_out, cancelled };

std::string_view to_string(RunState state);
std::optional<RunState> parse_run_state(std::string_view text);
// No further polls: finished_at is set (needs_input may be either).
bool is_terminal(RunState state);

// How a run came to be: autofixd POSTed a new Seer run; it follows a run
// someone else started (on_existing_run = "follow"); or it continues the
// Seer run of an earlier run of ours to a later stopping point.
enum class RunOrigin { started, followed, continued };
std::string_view to_string(RunOrigin origin);
RunOrigin parse_run_origin(std::string_view text);

// What the replay window knows a delivery's raw body by: XXH3-128. Rows
// stored by earlier builds hold the body's SHA-256 instead (32 bytes); for
// the 24 h after the upgrade a body is also looked up by that
// (Store::find_stored_copy).
using BodyDigest = Xxh128Digest;

// A body identical to one stored this recently is a replay (or Sentry's
// retry under a new Request-ID), whatever its Request-ID.
inline constexpr Millis kBodyReplayWindow{24LL * 3600 * 1000};

// The decision a delivery would get if its issue has an active run of ours:
// skip/already_running by `rule`, worded `detail` (rules::evaluate with an
// active run; pure, so intake computes it). When the store finds such a run
// and that very decision as the issue's newest, the delivery is counted on
// it in the transaction that stores the delivery, and never waits for the
// processor (the flood of one issue's events while its run is active).
struct RepeatHint {
  std::string rule;
  std::string detail;
};

struct NewDelivery {
  std::string request_id;
  std::string resource;
  std::string action;
  std::string handling;  // "evaluate" | "advance" | "ignore"
  std::optional<IssueId> issue;
  std::string body;
  SysTime received_at;
  // Set for webhooks: a later delivery with the same digest within
  // kBodyReplayWindow is a duplicate. Deliveries the daemon makes itself
  // (the sweep) carry none.
  std::optional<BodyDigest> body_digest{};
  std::optional<RepeatHint> repeat{};
};

// What the processor's loop has to do now (Store::processor_work): read in
// one store call, so an idle daemon asks once per tick, not once per kind
// of work.
struct ProcessorWork {
  std::int64_t queued = 0;         // starts waiting in the queue
  bool operator_requests = false;  // an `autofixd start/retry/cancel` waits
  bool deliveries_due = false;     // a pending delivery, new or due for a retry
  bool watches_due = false;        // a watched issue's re-check is due
  // The earliest watch re-check or delivery retry, if any is waiting.
  std::optional<SysTime> next_due;
};

struct InsertedDelivery {
  DeliveryId id;           // the new delivery, or the stored one it duplicates
  bool duplicate = false;  // the Request-ID or (same_body) the body was already stored
  bool same_body = false;
  // Set when the delivery was stored processed, counted on this decision
  // (its RepeatHint held); it is not pending.
  std::optional<std::int64_t> repeated_decision{};
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
  std::string body_error;  // why the stored body could not be read back, if so
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

// The tables row retention walks, children before parents.
enum class RetainedTable { runs, decisions, deliveries, operator_requests };

// One range of Store::prune_rows.
struct RowPrune {
  std::int64_t deleted = 0;
  std::int64_t next_after = 0;  // where the next range starts (exclusive)
  // The range reached rows younger than the cut-off (ids grow with age) or
  // the end of the table: the walk is over for this pass.
  bool done = false;
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
  // The decision it led to (for a delivery decided since schema v10).
  std::optional<std::int64_t> decision_id;
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
  std::string sentry_run_uuid;  // Sentry's sentry_run_id, "" when not known
  RunOrigin origin = RunOrigin::started;
  std::optional<RunId> continues_run;  // our earlier run whose Seer run this continues
  std::string project;                 // project slug, for logs
  // When the last start (or continue) POST left; a run in `starting` with
  // this set may have been created in Sentry (uncertain start).
  std::optional<SysTime> start_sent_at;
  std::string sent_step;  // step of the last continue / hand-off POST, "" for none
  std::string progress;   // fingerprint of the pipeline's progress at the last poll
  std::optional<SysTime> stalled_since;  // first poll that saw `progress` between steps
  std::optional<SysTime> input_since;    // when Seer started waiting for an answer
  std::optional<SysTime> timeout_from;   // polling.timeout counts from here
  // Read only, never written through RunRow: the facts (JSON, as
  // decisions.facts) of the decision that made the run, for its comment;
  // "" when that decision is gone.
  std::string decision_facts;
};

// failed: given up after Sentry refused it for good (issue gone, rejected).
enum class CommentState { pending, posting, posted, failed };

// A run's result, or the question Seer asked while it waits for input.
enum class CommentKind { result, question };
std::string_view to_string(CommentKind kind);

struct CommentRow {
  RunId run;
  CommentKind kind = CommentKind::result;
  std::string marker;  // the text a posted copy is found by (autofixd:run:...)
  IssueId issue;
  std::optional<SentryRunId> sentry_run;
  std::string body;
  CommentState state = CommentState::pending;
  std::int64_t attempts = 0;
  SysTime next_attempt_at;
  std::string sentry_comment_id;
};

// The kill switch, set with `autofixd pause`: no run starts while it is set.
struct PauseState {
  std::string reason;  // may be empty
  std::string by;      // the Unix user who paused
  SysTime since;
};
// "paused by USER since TIME: REASON", for logs, listings and decisions.
std::string describe_pause(const PauseState& pause);

// The run engine's one question per idle tick (Store::engine_work).
struct EngineWork {
  std::optional<PauseState> pause;  // the kill switch as stored
  bool cancel_requests = false;     // an `autofixd cancel` waits
  // The earliest run step or comment due, if any; at or before now means
  // work is due now (what due_runs and due_comments would return).
  std::optional<SysTime> next_due;
};

// An operator's request to the running daemon (`autofixd start`, `retry`,
// `cancel`): written by the CLI, acted on by the daemon within seconds, and
// answered on the same row.
enum class OperatorAction { start, retry, cancel };
std::string_view to_string(OperatorAction action);
std::optional<OperatorAction> parse_operator_action(std::string_view text);

struct NewOperatorRequest {
  OperatorAction action = OperatorAction::start;
  std::optional<IssueId> issue;  // start
  std::optional<RunId> run;      // retry, cancel
  std::string rule;              // start --rule; "" = the first rule that fits
  std::string by;                // the Unix user who asked
  SysTime requested_at;
};

struct OperatorRequest {
  std::int64_t id = 0;
  NewOperatorRequest ask;
  std::string state;   // "pending" | "done" | "refused"
  std::string reason;  // a reason code: operator_start, already_triggered, budget_exhausted ...
  std::string detail;  // one sentence for the operator
  std::optional<std::int64_t> decision_id;  // the decision it made, if any
  std::optional<RunId> new_run;             // the run it started, if any
  std::optional<SysTime> answered_at;
};

// How the daemon answers a request: "done" or "refused", with why.
struct OperatorAnswer {
  std::string state;
  std::string reason;
  std::string detail;
};

struct WatchRow {
  IssueId issue;
  SysTime next_check_at;
  SysTime expires_at;
  std::string reason;
};

// One message for one outbox target (a [[tracker]] or [[notify]] name),
// stored in the same transaction as the run state or decision it reports.
// (target, event_key) is unique: writing the same event twice keeps one row.
struct OutboxEntry {
  std::string target;
  // "run:<run id>:<outcome>", or any stable key; empty on a decision's
  // entries: then "decision:<decision id>:<outcome>".
  std::string event_key;
  std::string outcome;  // notify::OutcomeKind name
  IssueId issue;
  std::optional<RunId> run;
  std::string payload;  // notify::Outcome as JSON
};

// pending → sending (durable, before the request) → sent; `skipped` when the
// target had nothing to do (no matching tracker issue, a status change the
// tracker does not allow); `dead` after the last attempt or an answer that
// no retry can change.
enum class OutboxState { pending, sending, sent, skipped, dead };
std::string_view to_string(OutboxState state);
std::optional<OutboxState> parse_outbox_state(std::string_view text);

struct OutboxRow {
  std::int64_t id = 0;
  OutboxEntry entry;
  std::optional<std::int64_t> decision;
  OutboxState state = OutboxState::pending;
  std::int64_t attempts = 0;
  SysTime next_attempt_at;
  std::string last_error;
  // What the target answered that a repeat needs: the tracker issue id
  // found, the comment id created.
  std::string remote_ref;
  SysTime created_at;
  std::optional<SysTime> sent_at;
};

// Which outbox rows Store::list_outbox returns (newest first).
struct OutboxFilter {
  std::optional<IssueId> issue{};
  std::optional<RunId> run{};
  std::optional<OutboxState> state{};
  int limit = 100;
};

// A decision to store, with the run it creates when outcome is "start".
struct DecisionRecord {
  std::optional<DeliveryId> delivery;  // the delivery that triggered it, if any
  IssueId issue;
  SysTime decided_at;
  std::string outcome;  // "start" | "skip" | "watch" | "dry_run" | "observe" | "queued"
  std::string rule;
  std::string reason;
  std::string detail;
  std::string facts_json;
  // Instead of facts_json, for a decision the store may count as a repeat
  // of the issue's newest (schema v10): rendered only when it gets a row
  // (a flood's repeats spent a twentieth of intake's CPU rendering facts).
  std::function<std::string()> render_facts;
  std::string facts_text() const {
    return facts_json.empty() && render_facts ? render_facts() : facts_json;
  }
  // For outcome "start":
  config::StoppingPoint stopping_point = config::StoppingPoint::root_cause;
  RunOrigin origin = RunOrigin::started;
  std::optional<RunId> continues_run;      // origin continued: our earlier run
  std::optional<SentryRunId> sentry_run;   // origin continued / followed: the Seer run
  std::string sentry_run_uuid;
  std::string project;
  std::string instruction;
  std::string issue_title;
  std::string issue_short_id;
  std::string issue_url;
  // For outcome "watch", or "skip" when the issue is worth another look
  // (cooldown): the issue stays on the watch list.
  std::optional<SysTime> recheck_at;
  std::optional<SysTime> watch_expires_at;
  // For outcome "queued": the start order and when the entry expires (a
  // new queued decision for the same issue keeps the first expiry).
  int priority_rank = 3;  // 0 high, 1 medium, 2 low, 3 unknown
  std::optional<std::int64_t> events;
  std::optional<double> fixability;
  std::optional<SysTime> queue_expires_at;
  // Messages for outbox targets that this decision is news for (a skip
  // because someone else's Seer run exists).
  std::vector<OutboxEntry> outbox;
};

// One entry of the queue, in start order.
struct QueueRow {
  IssueId issue;
  std::string rule;
  std::string reason;  // paused, rule_budget_exhausted, budget_exhausted, too_many_active_runs
  std::string detail;
  int priority_rank = 3;
  std::optional<std::int64_t> events;
  std::optional<double> fixability;
  std::string facts_json;  // the facts of the last queued decision
  std::string issue_short_id;
  std::string issue_title;
  SysTime queued_at;
  SysTime expires_at;
};

struct RecordedDecision {
  std::int64_t decision_id = 0;
  std::optional<RunId> run;  // set when a run was created
  // True when outcome was "start" but another active run for the issue won
  // (unique index): the decision was stored as skip/active_run instead.
  bool lost_to_active_run = false;
  // True when it said what the issue's newest decision said and was counted
  // there (decisions.repeats) instead of stored as a row of its own.
  bool repeated = false;
};

// What processing made of one delivery. The processor applies the steps of
// many deliveries in one transaction (Store::apply_delivery_steps).
struct AdvanceRun {  // a seer delivery: the issue's run with that Seer run id is polled now
  DeliveryId delivery;
  IssueId issue;
  std::optional<SentryRunId> sentry_run;  // from the webhook; nullopt = any run of the issue
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
  SysTime next_attempt_at{};  // its own retry; the other deliveries do not wait for it
};
using DeliveryStep = std::variant<DecisionRecord, AdvanceRun, FinishDelivery, FailDelivery>;

struct AppliedStep {
  std::optional<RecordedDecision> decision;  // for a DecisionRecord
  bool run_moved = false;                    // for AdvanceRun: a running run became due
};

}  // namespace autofixd::store
