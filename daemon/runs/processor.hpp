#pragma once
// Turns committed deliveries into decisions: takes what intake parsed of each
// (or parses the stored body, after a restart), fetches fresh issue details
// when a rule needs them (or before starting a run), evaluates the rules,
// and stores the decisions of a whole batch of deliveries, with their runs
// or watch entries, in one transaction (one fsync for the batch, not one per
// delivery). Also re-checks watched issues. Network thread only.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "config/holder.hpp"
#include "intake/envelope.hpp"
#include "intake/parsed_deliveries.hpp"
#include "rules/evaluate.hpp"
#include "runs/batch_reads.hpp"
#include "runs/look_ahead.hpp"
#include "runs/setup_cache.hpp"
#include "sentry/api.hpp"
#include "store/async_store.hpp"
#include "util/clock.hpp"
#include "util/task_group.hpp"

namespace autofixd::runs {

struct ProcessorStats {
  std::uint64_t deliveries_processed = 0;
  std::uint64_t deliveries_failed = 0;
  std::uint64_t decisions_start = 0;
  std::uint64_t decisions_skip = 0;
  std::uint64_t decisions_watch = 0;
  std::uint64_t decisions_dry_run = 0;
  std::uint64_t decisions_observe = 0;
  std::uint64_t decisions_queued = 0;
  std::uint64_t queue_expired = 0;
  // Of decisions_skip: deliveries the store counted on their issue's skip
  // while storing them (runs/repeat_hint.hpp), never queued for processing.
  std::uint64_t repeated_at_intake = 0;
  std::int64_t queue_size = 0;  // as last seen
  // Decisions by rule ("" when none decided), outcome and reason code (rule
  // names come from the config, reasons are the fixed codes of rules/).
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> decisions;
};

// Facts plus the decision taken on them; what `explain` prints.
struct Assessment {
  rules::Facts facts;
  rules::Decision decision;
  bool details_fetched = false;
  std::string details_error;  // why fresh details could not be read, if so
};

// Fetches fresh details when useful (api non-null; always for an operator's
// `ask`), merges them over the webhook's facts (fresh wins) and evaluates
// (rules::evaluate_for_operator when `ask` is non-null). A decision to start also reads
// Seer's state on the issue (latest run, last-triggered, setup preflight
// through `setups` when non-null) and is evaluated again with it. Errors:
// transient Sentry failures, so the caller can retry the delivery later.
net::awaitable<Result<Assessment>> assess(sentry::SentryApi* api, const config::Config& config,
                                          rules::Facts facts, rules::History history,
                                          SysTime now, SetupCache* setups = nullptr,
                                          const rules::OperatorAsk* ask = nullptr);

// Starts decided earlier in a batch whose decisions are not stored yet: they
// count in the history of later deliveries of the same batch exactly as if
// each decision had been committed on its own.
class BatchHistory {
 public:
  void add(const store::DecisionRecord& record);
  rules::History apply(rules::History stored, IssueId issue) const;

 private:
  std::map<std::int64_t, SysTime> started_;  // by issue
  std::map<std::string, std::int64_t> per_rule_;  // paid and would-be starts
  std::int64_t paid_ = 0;
  std::int64_t would_be_ = 0;
};

class Processor {
 public:
  Processor(net::any_io_executor executor, store::AsyncStore& store, sentry::SentryApi* api,
            const config::ConfigHolder& config, const Clock& clock,
            std::function<void()> wake_engine);

  net::awaitable<void> run();
  void wake() { waker_.notify(); }
  // A delivery intake has just committed, with what intake parsed of it:
  // kept so the processor need not read and parse the body again.
  void hand_over(DeliveryId id, intake::Envelope parsed) {
    parsed_.keep(id, std::move(parsed));
    waker_.notify();
  }
  // What intake stores with a delivery (runs/repeat_hint.hpp), on the config
  // and clock the processor decides with.
  std::optional<store::RepeatHint> repeat_hint(const intake::Envelope& parsed) const;
  // A delivery intake stored counted on decision `decision`: it was decided
  // there, and is only counted and logged here like any repeated skip.
  void count_repeated(DeliveryId id, const intake::Envelope& parsed, const store::RepeatHint& hint,
                      std::int64_t decision);
  void stop();
  const ProcessorStats& stats() const { return stats_; }
  // Told, for each run a decision creates, Seer's state on the issue as the
  // decision read it and when: the engine's read before the start POST
  // (runs/engine_start.cpp).
  using SeerStateSink =
      std::function<void(RunId, sentry::AutofixState, std::chrono::steady_clock::time_point)>;
  void on_seer_state(SeerStateSink sink) { seer_state_sink_ = std::move(sink); }

 private:
  net::awaitable<bool> drain_deliveries();
  net::awaitable<bool> decide_batch(const std::vector<store::DeliveryRow>& batch,
                                    const std::vector<rules::History>& histories);
  // After the batch's issues were assessed ahead (decide_batch).
  net::awaitable<bool> decide_in_order(const std::vector<store::DeliveryRow>& batch,
                                       const std::vector<rules::History>& histories,
                                       std::vector<Result<intake::Envelope>>& envelopes,
                                       const std::vector<std::size_t>& lead, LookAhead& ahead,
                                       BatchReads* reads);
  // What intake parsed of the delivery, or its stored body parsed.
  Result<intake::Envelope> envelope_of(const store::DeliveryRow& delivery);
  net::awaitable<Result<store::DeliveryStep>> process(const store::DeliveryRow& delivery,
                                                      Result<intake::Envelope> envelope,
                                                      const rules::History& history,
                                                      BatchReads* reads);
  net::awaitable<Status> apply(const std::vector<store::DeliveryStep>& steps);
  net::awaitable<Result<std::vector<store::AppliedStep>>> apply_one_by_one(
      const std::vector<store::DeliveryStep>& steps);
  void report(const store::DeliveryStep& step, const store::AppliedStep& applied);
  void hand_over_seer_state(const store::DeliveryStep& step, const store::AppliedStep& applied);
  store::DeliveryStep retry_later(const store::DeliveryRow& delivery, const Error& error);
  double jitter();
  // A watched or queued issue's re-check: one decision with no delivery,
  // stored on its own. Returns the outcome recorded.
  net::awaitable<Result<std::string>> decide(rules::Facts facts);
  // Starts queued issues, in order, while the budgets leave room
  // (runs/processor_queue.cpp).
  net::awaitable<void> drain_queue();
  net::awaitable<void> expire_queued(const store::QueueRow& entry, SysTime now);
  void log_decision(const store::DecisionRecord& record, const store::RecordedDecision& recorded);
  net::awaitable<void> recheck_watches();
  // Operators' `autofixd start` and `retry` requests (runs/processor_operator.cpp).
  net::awaitable<void> serve_operator_requests();
  net::awaitable<store::OperatorAnswer> serve(const store::OperatorRequest& request);
  net::awaitable<store::OperatorAnswer> decide_for_operator(const store::OperatorRequest& request,
                                                            IssueId issue, rules::OperatorAsk ask);

  store::AsyncStore& store_;
  sentry::SentryApi* api_;
  const config::ConfigHolder& config_;
  const Clock& clock_;
  std::function<void()> wake_engine_;
  net::any_io_executor waker_executor_;
  Waker waker_;
  intake::ParsedDeliveries parsed_;
  bool stopping_ = false;
  std::int64_t consecutive_failures_ = 0;
  Millis retry_after_{0};  // Sentry's hint from the last failure
  SetupCache setups_;
  // Starts decided and not stored yet: Seer's state each decision read.
  std::map<std::int64_t, BatchReads::SeerRead> seer_reads_;  // by issue
  SeerStateSink seer_state_sink_;
  ProcessorStats stats_;
  std::minstd_rand random_{std::random_device{}()};  // retry jitter
};

}  // namespace autofixd::runs
