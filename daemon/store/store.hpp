#pragma once
// The only code that speaks SQL. Store is synchronous and single-threaded:
// it is used on the store thread only (see AsyncStore for the network side).
// Every state change is one transaction.

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "rules/facts.hpp"
#include "store/migrations.hpp"
#include "store/recent_keys.hpp"
#include "store/records.hpp"
#include "store/sqlite.hpp"

namespace autofixd::store {

struct RunCounts {
  std::int64_t pending = 0, starting = 0, running = 0, completed = 0, failed = 0,
               needs_input = 0, timed_out = 0, cancelled = 0;
  std::int64_t comments_pending = 0;
  std::int64_t outbox_pending = 0;  // pending or sending
  std::int64_t outbox_dead = 0;
  std::int64_t deliveries_pending = 0;
  std::int64_t deliveries_dead = 0;
  std::int64_t watched = 0;
};

// What Store::queue_unseen did.
struct SweepQueued {
  std::size_t unseen = 0;     // listed issues with no decision and no pending delivery
  std::size_t queued = 0;     // deliveries stored for them
  std::size_t held_back = 0;  // unseen but not stored: the backlog is full
};

// A stored decision as the `decisions` command shows it.
struct DecisionSummary {
  std::int64_t id = 0;
  IssueId issue;
  std::string outcome;     // as stored: "start", "skip", "watch", "dry_run", ...
  std::string rule;        // "" when no rule decided
  std::string reason;
  std::string detail;
  std::string facts_json;  // the facts column as stored (rules::facts_to_json)
  SysTime decided_at;
  // Request-ID of the delivery that led to the decision; nullopt for
  // decisions without one (sweep, watch re-checks).
  std::optional<std::string> request_id;
  // Later deliveries decided the same way, counted here instead of stored
  // as rows of their own (schema v10), and when the last of them was.
  std::int64_t repeats = 0;
  std::optional<SysTime> last_repeated_at;
};

// Which decisions Store::list_decisions returns: every one, one issue's by
// id, or those whose stored facts carry `short_id` (compared
// case-insensitively, e.g. "BACKEND-12"). Both set: both must hold.
struct DecisionFilter {
  std::optional<IssueId> issue{};
  std::optional<std::string> short_id{};
};

class Store {
 public:
  // Creates the parent directory if missing, opens the file in WAL mode with
  // synchronous=FULL and migrates the schema, telling `progress` while a
  // migration runs. Errors: "store.open", "store.io", "store.version".
  static Result<Store> open(const std::string& path, const MigrationProgress& progress = {});
  // Creates the parent directory and the store file (mode 0600) if missing,
  // and nothing else: the daemon locks the file (store/instance_lock.hpp)
  // before open() migrates it. Errors: "store.io".
  static Status create_file(const std::string& path);
  // Opens an existing store without creating or migrating it (for CLI reads).
  static Result<Store> open_read_only(const std::string& path);
  // The same connection, for a CLI command that changes a few rows while the
  // daemon may be running (WAL and busy_timeout make that safe).
  static Result<Store> open_existing(const std::string& path) { return open_read_only(path); }

  // --- deliveries
  // Inserts the delivery, or reports it as a duplicate of the stored one with
  // the same Request-ID. Durable when this returns. A delivery whose
  // RepeatHint holds is stored processed and counted on the decision it
  // repeats (InsertedDelivery::repeated_decision), in the same transaction.
  Result<InsertedDelivery> insert_delivery(const NewDelivery& delivery);
  // Same for many deliveries in one transaction (group commit); results in order.
  Result<std::vector<InsertedDelivery>> insert_deliveries(const std::vector<NewDelivery>& batch);
  // The oldest `limit` pending deliveries due at `due_at` (never tried, or
  // whose retry time has come; every pending one when nullopt). Bodies are
  // read except for the deliveries in `bodies_not_needed` (sorted): the
  // processor has those parsed already.
  Result<std::vector<DeliveryRow>> pending_deliveries(
      int limit, const std::vector<DeliveryId>& bodies_not_needed = {},
      std::optional<SysTime> due_at = std::nullopt);
  // When the earliest pending delivery waiting after a failed attempt is due.
  Result<std::optional<SysTime>> next_delivery_retry();
  // Which of the processor's kinds of work wait at `now` (records.hpp).
  Result<ProcessorWork> processor_work(SysTime now);
  // The run engine's idle probe in one call: the kill switch, whether a
  // cancel request waits, and when the next run step or comment is due.
  Result<EngineWork> engine_work();
  // The issues among `issues` with no decision and no pending delivery: the
  // ones the sweep should evaluate (a webhook for them was lost).
  Result<std::vector<IssueId>> unseen_issues(const std::vector<IssueId>& issues);
  // The sweep's check and insert as one transaction (store/sweep_rows.cpp):
  // stores each of `candidates` (deliveries the sweep made, one per listed
  // issue) whose issue is unseen as above, while fewer than `max_pending`
  // deliveries wait to be processed.
  Result<SweepQueued> queue_unseen(const std::vector<NewDelivery>& candidates,
                                   std::int64_t max_pending);
  // Deliveries stored and not yet processed, as this connection has seen
  // them change (counted at open, re-synced whenever pending_deliveries()
  // returns everything that is pending). Cheap: no query.
  std::int64_t pending_delivery_count() const { return pending_count_; }
  // The one way a pending delivery ends (a no-op for any other): `state` is
  // "processed" (decided, or its run advanced; record_decision and
  // apply_delivery_steps call this), "ignored" (nothing to decide) or "dead"
  // (cannot be processed), at processed_at = now (ms). `error` says why,
  // when there is a reason; empty keeps the last failed attempt's.
  // `decision`: the decision row it led to (deliveries.decision_id).
  Status finish_delivery(DeliveryId id, std::string_view state, std::string_view error,
                         std::optional<std::int64_t> decision = std::nullopt);
  // Counts a failed processing attempt; after `max_attempts` the delivery is
  // dead-lettered, else it is due again at `next_attempt_at`.
  Status fail_delivery(DeliveryId id, std::string_view error, int max_attempts,
                       SysTime next_attempt_at = {});
  // Deliveries in `state` (all when nullopt), newest first, bodies left out.
  Result<std::vector<DeliverySummary>> list_deliveries(std::optional<std::string> state,
                                                       int limit);
  // A dead delivery becomes pending again with its attempts reset. Returns
  // false when no dead delivery has that id (unknown, or not dead).
  Result<bool> replay_delivery(DeliveryId id);

  // --- delivery bodies
  // Deletes the bodies of deliveries with ids in [from, from + span) that
  // were received before `received_before` and are processed or ignored
  // (pending and dead deliveries keep theirs). One transaction; a caller
  // walks the table range by range from first_body().
  Result<BodyPrune> prune_bodies(DeliveryId from, SysTime received_before, std::int64_t span);
  // The delivery with the oldest body still stored, if any.
  Result<std::optional<DeliveryId>> first_body();
  // Deletes at most `limit` body digests recorded before `before` (the
  // replay window is over for them); returns how many.
  Result<std::int64_t> prune_body_digests(SysTime before, std::int64_t limit);

  // --- the replay window in memory (store/recent_keys.hpp)
  // How many deliveries' keys memory holds (about 80 bytes each) before
  // the oldest go to table body_digests; [store] replay_keys_in_memory.
  static constexpr std::size_t kRecentKeysInMemory = 131072;
  void set_recent_keys_limit(std::size_t deliveries) { recent_limit_ = deliveries; }
  // When more deliveries than the limit hold keys in memory, writes the
  // oldest (those over the limit and a batch more, so this is not due again
  // at once: an eighth of the limit, at most kSpillBatch) to body_digests in
  // one transaction and then lets memory forget them. Returns how many
  // went; 0 when under the limit.
  static constexpr std::size_t kSpillBatch = 4096;
  Result<std::size_t> spill_recent_keys();
  std::size_t recent_keys_held() const { return recent_.size(); }
  // Rebuilds the window from the deliveries of the last 24 h, once; keys
  // beyond the limit go to body_digests. The first insert does it if no
  // one did; the daemon does it at start, outside any transaction.
  Status load_recent_keys();

  // --- row retention (store/retention_rows.cpp)
  // Deletes the rows of `table` with ids in (after, after + `span` rows]
  // older than `before` that nothing still needs (see the file), with their
  // comments or bodies. One transaction; a caller walks the table from 0
  // with next_after until done.
  Result<RowPrune> prune_rows(RetainedTable table, std::int64_t after, SysTime before,
                              std::int64_t span);

  // --- decisions
  Result<rules::History> history(IssueId issue, SysTime now);
  // Stores the decision, creates its run (outcome "start") or watch entry
  // (outcome "watch"), and marks the delivery processed: one transaction.
  Result<RecordedDecision> record_decision(const DecisionRecord& record);
  // The history of each issue in `issues` (same order), reading the per-rule
  // counts once: the processor's view for a batch of deliveries.
  Result<std::vector<rules::History>> histories(const std::vector<IssueId>& issues, SysTime now);
  // Applies what processing made of many deliveries, in order, in one
  // transaction (one fsync for the batch): each step leaves its delivery
  // processed, ignored, dead or with one more failed attempt, exactly as
  // the single-delivery calls would. Errors: the first failing step's,
  // and nothing is applied.
  Result<std::vector<AppliedStep>> apply_delivery_steps(const std::vector<DeliveryStep>& steps);
  // Stored decisions matching `filter`, newest first, at most `limit`
  // (store/decision_list.cpp). Errors: "store.sql", "store.io", "store.busy"
  // (a store that cannot be read).
  Result<std::vector<DecisionSummary>> list_decisions(const DecisionFilter& filter, int limit);

  // --- budgets and the queue (store/queue_rows.cpp)
  // What the budgets have spent in the windows ending at `now`, and the
  // kill switch. `simulated` is left false (the caller knows the mode).
  Result<rules::BudgetUsage> budget_usage(SysTime now);
  // Queued decisions in start order, at most `limit`.
  Result<std::vector<QueueRow>> queued(int limit);
  Result<std::int64_t> queue_size();

  // --- watch list
  Result<std::vector<WatchRow>> due_watches(SysTime now, int limit);
  Status reschedule_watch(IssueId issue, SysTime next_check_at);
  Status remove_watch(IssueId issue);

  // --- runs
  Result<std::vector<RunRow>> due_runs(SysTime now, int limit);
  Result<std::optional<RunRow>> run(RunId id);
  Result<std::optional<RunRow>> active_run_for_issue(IssueId issue);
  Result<std::vector<RunRow>> list_runs(std::optional<RunState> state, int limit);
  // Writes every mutable field of `run` (state, ids, times, counters, detail)
  // and queues `outbox` messages (an outcome the run reached): one transaction.
  Status save_run(const RunRow& run, const std::vector<OutboxEntry>& outbox = {});
  // The issue's running (or input-waiting) run with Seer run id
  // `sentry_run` (any id when nullopt), if any, becomes due at `now`; true
  // when one did. Touches nothing else, so it cannot undo a concurrent state
  // change.
  Result<bool> poll_running_run_now(IssueId issue, std::optional<SentryRunId> sentry_run,
                                    SysTime now);
  // Saves the terminal `run` and, when `comment_body` is non-empty, queues
  // its result comment found by `marker`: one transaction.
  Status finish_run(const RunRow& run, const std::string& comment_body,
                    const std::string& marker = "",
                    const std::vector<OutboxEntry>& outbox = {});
  // Saves `run` and, when `comment` is non-null, queues that comment unless
  // the run already has one of its kind, with the `outbox` messages: one
  // transaction.
  Status save_run_with_comment(const RunRow& run, const CommentRow* comment,
                               const std::vector<OutboxEntry>& outbox = {});
  // The issue's runs, newest first.
  Result<std::vector<RunRow>> runs_for_issue(IssueId issue, int limit);
  // True when a run of ours other than `self` already used Sentry run `sentry_run`
  // for `issue` (so that state is old news, not a lost start of `self`).
  Result<bool> is_earlier_run(IssueId issue, SentryRunId sentry_run, RunId self);
  // Active runs, comments and pending deliveries that wait after a failed
  // attempt become due at `now`. Returns how many rows changed.
  Result<std::int64_t> retry_waiting_now(SysTime now);

  // --- comments
  Result<std::vector<CommentRow>> due_comments(SysTime now, int limit);
  Status save_comment(const CommentRow& comment, std::string_view error);

  // --- outbox (notify/: trackers, Slack, signed webhooks)
  // Rows pending or found `sending` (a crash mid-send) that are due.
  Result<std::vector<OutboxRow>> due_outbox(SysTime now, int limit);
  // Writes the row's state, attempts, next attempt, error, remote ref, sent time.
  Status save_outbox(const OutboxRow& row);
  Result<std::vector<OutboxRow>> list_outbox(const OutboxFilter& filter);
  Result<std::optional<SysTime>> next_outbox_due();
  // A dead message becomes pending again with a fresh count of attempts
  // (`autofixd resend`); false when no dead message has that id.
  Result<bool> resend_outbox(std::int64_t id, SysTime now);

  // --- settings (operators, through the CLI, for a running daemon)
  // The kill switch: nullopt when automation is not paused.
  Result<std::optional<PauseState>> pause_state();
  Status set_pause(const PauseState& pause);
  // Returns the pause that was lifted, if automation was paused.
  Result<std::optional<PauseState>> clear_pause();

  // --- operator requests (store/operator_rows.cpp)
  // Stores a request for the running daemon; returns its id.
  Result<std::int64_t> add_operator_request(const NewOperatorRequest& request);
  Result<std::optional<OperatorRequest>> operator_request(std::int64_t id);
  // Pending requests for one of `actions`, oldest first, at most `limit`.
  Result<std::vector<OperatorRequest>> pending_operator_requests(
      const std::vector<OperatorAction>& actions, int limit);
  // Answers a pending request (a request answered already stays as it was).
  Status answer_operator_request(std::int64_t id, const OperatorAnswer& answer, SysTime now);
  // Records the decision an operator's start or retry made and answers the
  // request with it, in one transaction: "done" with the decision (and its
  // run, for a start), or "refused" with already_running when another
  // active run of the issue won. A request answered already is left alone
  // and nothing is recorded (nullopt).
  Result<std::optional<RecordedDecision>> record_operator_decision(std::int64_t request,
                                                                   const DecisionRecord& record,
                                                                   const OperatorAnswer& answer);
  // "operator_start by alice" (or retry) for each of `runs` an operator's
  // request started; runs that no request started are absent.
  Result<std::map<std::int64_t, std::string>> operator_started(const std::vector<RunId>& runs);

  // Earliest time a run step or a comment is due, if any is.
  Result<std::optional<SysTime>> next_run_or_comment_due();
  // Earliest watch re-check, if any.
  Result<std::optional<SysTime>> next_watch_due();
  Result<RunCounts> counts();
  // True when a write transaction can be started and committed.
  Status probe_writable();

  Database& database() { return db_; }

 private:
  explicit Store(Database db) : db_(std::move(db)) {}
  Result<RecordedDecision> record_decision_in_transaction(const DecisionRecord& record);
  // When `record` (stored as `outcome`, `reason`) repeats the issue's newest
  // decision word for word, counts it there and returns that decision's id;
  // nullopt when a row of its own is due (schema v10).
  Result<std::optional<std::int64_t>> repeat_decision(const DecisionRecord& record,
                                                          std::string_view outcome,
                                                          std::string_view reason);
  // Skips for an active run met while one batch of deliveries is stored.
  // No run or decision changes in that transaction, so each issue's skip is
  // looked up once and each decision is counted once, when the batch ends.
  struct IntakeRepeats {
    std::map<std::tuple<std::int64_t, std::string, std::string>, std::optional<std::int64_t>,
             std::less<>>
        found;  // (issue, rule, detail) → the decision it repeats, if any
    std::map<std::int64_t, std::pair<std::int64_t, SysTime>> counts;  // decision → deliveries, latest
  };
  // The same as repeat_decision for a delivery being stored, only while the
  // issue has an active run of ours; counted in `batch`.
  Result<std::optional<std::int64_t>> repeat_at_intake(const NewDelivery& delivery,
                                                       IntakeRepeats& batch);
  Status count_intake_repeats(const IntakeRepeats& batch);
  // The issue's newest decision when it is a skip/already_running by `rule`
  // worded `detail`: its id, or nullopt.
  Result<std::optional<std::int64_t>> repeatable_skip(IssueId issue, std::string_view rule,
                                                      std::string_view detail);
  // Counts `deliveries` more repeats on `decision`, the latest at `at`.
  Status count_repeats(std::int64_t decision, std::int64_t deliveries, SysTime at);
  Result<std::vector<AppliedStep>> apply_steps(const std::vector<DeliveryStep>& steps);
  Status count_pending();
  Status upsert_queued(const DecisionRecord& record);
  Status remove_queued(IssueId issue);
  // Inside the caller's transaction; a decision's entries are keyed by it.
  Status insert_outbox_rows(const std::vector<OutboxEntry>& entries, SysTime now,
                            std::optional<std::int64_t> decision = std::nullopt);
  // The stored delivery `d` duplicates (same body within the window, or
  // same Request-ID), if any.
  Result<std::optional<InsertedDelivery>> find_stored_copy(const NewDelivery& d,
                                                           const Xxh128Digest& request_digest);
  Database db_;
  std::int64_t pending_count_ = 0;
  RecentKeys recent_;
  std::size_t recent_limit_ = kRecentKeysInMemory;
  bool recent_loaded_ = false;
  bool keys_spilled_ = false;  // body_digests may hold live rows
  // Until when the window holds bodies known by SHA-256 (stored by earlier builds),
  // in Unix ms; 0 when it holds none. Set as the keys are loaded.
  std::int64_t sha256_bodies_until_ms_ = 0;
};

}  // namespace autofixd::store
