// GCC 12 at -O3: moving a DeliveryStep (a std::variant) through a coroutine's
// return "may use" an uninitialized member of an alternative it does not hold.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "runs/processor.hpp"

#include <type_traits>
#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "intake/envelope.hpp"
#include "runs/decision_record.hpp"
#include "runs/repeat_hint.hpp"
#include "runs/transitions.hpp"

namespace autofixd::runs {
namespace {

// Deliveries decided per transaction.
constexpr int kBatch = 256;
// After a wake-up, deliveries arriving this soon join the same batch.
constexpr Millis kGather{5};
// Decided but not yet stored for at most this long while a batch waits on Sentry.
constexpr auto kMaxHold = std::chrono::milliseconds(200);
// A delivery that keeps failing (Sentry down) is dead-lettered after this many tries.
constexpr int kMaxDeliveryAttempts = 20;
// One delivery failing is that delivery's problem (its issue cannot be
// read): it waits out its own backoff and the rest go on. This many failing
// one after another means Sentry itself is failing: the batch stops and the
// processor backs off, each failed delivery still keeping its own retry time.
constexpr int kFailuresInARowToPause = 2;
// Even with nothing announced, the processor looks this often for pending
// deliveries (one replayed with `autofixd replay`), room for queued starts
// (a run finishing, a window rolling on, `autofixd resume`) and operators'
// start and retry requests (answered within seconds).
constexpr Millis kIdleCheck{2'000};

// Failures of the store itself rather than of what was asked of it.
bool store_unavailable(const Error& e) {
  return e.code == "store.full" || e.code == "store.io" || e.code == "store.busy" ||
         e.code == "store.overloaded";
}

DeliveryId delivery_of(const store::DeliveryStep& step) {
  return std::visit(
      [](const auto& s) -> DeliveryId {
        if constexpr (std::is_same_v<std::decay_t<decltype(s)>, store::DecisionRecord>) {
          return s.delivery.value_or(DeliveryId{0});
        } else {
          return s.delivery;
        }
      },
      step);
}

}  // namespace

Processor::Processor(net::any_io_executor executor, store::AsyncStore& store,
                     sentry::SentryApi* api, const config::ConfigHolder& config,
                     const Clock& clock, std::function<void()> wake_engine)
    : store_(store), api_(api), config_(config), clock_(clock),
      wake_engine_(std::move(wake_engine)), waker_executor_(executor), waker_(executor) {}

void Processor::stop() {
  stopping_ = true;
  waker_.notify();
}

void BatchHistory::add(const store::DecisionRecord& record) {
  const bool would_be = record.outcome == "observe" || record.outcome == "dry_run";
  const bool paid = record.outcome == "start" && record.origin != store::RunOrigin::followed;
  if (record.outcome == "start") started_[record.issue.value] = record.decided_at;
  if (paid || would_be) ++per_rule_[record.rule];
  if (paid) ++paid_;
  if (would_be) ++would_be_;
}

rules::History BatchHistory::apply(rules::History stored, IssueId issue) const {
  if (auto it = started_.find(issue.value); it != started_.end()) {
    stored.active_run = true;
    stored.last_run_started = std::max(stored.last_run_started.value_or(it->second), it->second);
  }
  rules::BudgetUsage& usage = stored.usage;
  for (const auto& [rule, n] : per_rule_) {
    usage.by_rule[rule].last_hour += n;
    usage.by_rule[rule].last_24h += n;
  }
  usage.paid.last_hour += paid_;
  usage.paid.last_24h += paid_;
  usage.active_runs += paid_;
  usage.would_be.last_hour += would_be_;
  usage.would_be.last_24h += would_be_;
  return stored;
}

net::awaitable<void> Processor::run() {
  net::steady_timer gather(waker_executor_);
  while (!stopping_) {
    // One store call says which kinds of work wait; an idle tick is that
    // call alone. When it fails, every kind is looked at (each says why).
    auto work = co_await store_.call(
        [now = clock_.now()](store::Store& s) { return s.processor_work(now); });
    const bool unknown = !work;
    if (work) stats_.queue_size = work->queued;
    // Held-back starts go first when there is room: a delivery arriving now
    // must not take the place of an issue that waited.
    if (unknown || work->queued > 0) co_await drain_queue();
    if (stopping_) break;
    if (unknown || work->operator_requests) co_await serve_operator_requests();
    if (stopping_) break;
    bool more = false;
    // Deliveries intake handed over may be committed after the call above.
    const bool deliveries = unknown || work->deliveries_due || parsed_.size() > 0;
    if (deliveries) more = co_await drain_deliveries();
    if (stopping_) break;
    if (unknown || work->watches_due) co_await recheck_watches();
    if (more) continue;
    // What was just done may have queued a re-check or a retry: read again.
    const bool worked = deliveries || (!unknown && (work->queued > 0 || work->operator_requests ||
                                                    work->watches_due));
    if (worked) {
      work = co_await store_.call(
          [now = clock_.now()](store::Store& s) { return s.processor_work(now); });
    }
    // Back off while deliveries keep failing (Sentry unreachable), else sleep
    // until the next watch re-check or a new delivery.
    auto deadline = std::chrono::steady_clock::time_point::max();
    if (consecutive_failures_ > 0) {
      deadline = std::chrono::steady_clock::now() +
                 retry_delay(consecutive_failures_ - 1, retry_after_, 1.0,
                             retry_policy(config_.get()->polling));
    } else if (work && work->next_due) {
      const auto wait = std::max(*work->next_due - clock_.now(), SysTime::duration::zero());
      deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<Millis>(wait);
    }
    deadline = std::min(deadline, std::chrono::steady_clock::now() + kIdleCheck);
    co_await waker_.sleep_until(deadline);
    // Let deliveries arriving together gather into one batch (one fsync for
    // their decisions) instead of one transaction each.
    gather.expires_after(kGather);
    co_await gather.async_wait(net::as_tuple(net::use_awaitable));
  }
}

// Returns true when a full batch was processed (more may be waiting).
net::awaitable<bool> Processor::drain_deliveries() {
  // Bodies intake parsed already are not read back.
  auto read_pending = [parsed = parsed_.ids(kBatch), now = clock_.now()](store::Store& s) {
    return s.pending_deliveries(kBatch, parsed, now);
  };
  auto batch = co_await store_.call(std::move(read_pending));
  if (!batch) {
    spdlog::error("processor: cannot read deliveries: {}", batch.error().message);
    ++consecutive_failures_;
    co_return false;
  }
  if (batch->empty()) co_return false;
  std::vector<IssueId> issues;
  issues.reserve(batch->size());
  for (const auto& d : *batch) issues.push_back(d.issue.value_or(IssueId{0}));
  const auto now = clock_.now();
  // Named, not a temporary inside co_await: see AsyncStore::call.
  auto read = [issues = std::move(issues), now](store::Store& s) {
    return s.histories(issues, now);
  };
  auto histories = co_await store_.call(std::move(read));
  if (!histories) {
    spdlog::error("processor: cannot read run history: {}", histories.error().message);
    ++consecutive_failures_;
    co_return false;
  }
  if (!co_await decide_batch(*batch, *histories)) {
    ++consecutive_failures_;
    co_return false;
  }
  consecutive_failures_ = 0;
  co_return batch->size() == static_cast<std::size_t>(kBatch);
}

// Decides each delivery in order and stores the decisions together: all of
// them at once, or what is ready whenever deciding (waiting on Sentry) has
// held decisions for kMaxHold, so a slow batch does not delay its first runs.
// The Sentry reads come first, several at once: the first delivery of each
// issue is assessed ahead on the history stored before the batch, and the
// decisions in order replay what it read (BatchReads), asking Sentry only
// for what an earlier decision of the batch made necessary. A delivery that
// fails gets its own retry time and the rest go on. Returns false when the
// store failed or kFailuresInARowToPause deliveries failed one after another
// (the caller backs off).
net::awaitable<bool> Processor::decide_batch(const std::vector<store::DeliveryRow>& batch,
                                             const std::vector<rules::History>& histories) {
  const auto config = config_.get();
  std::vector<Result<intake::Envelope>> envelopes;
  envelopes.reserve(batch.size());
  for (const auto& delivery : batch) envelopes.push_back(envelope_of(delivery));
  std::optional<BatchReads> reads;
  if (api_ != nullptr) reads.emplace(*api_);
  // lead[i]: the delivery assessed ahead for delivery i's issue.
  std::vector<std::size_t> lead(batch.size(), batch.size());
  std::vector<std::size_t> firsts;
  std::map<std::int64_t, std::size_t> first_of_issue;
  for (std::size_t i = 0; i < batch.size() && reads; ++i) {
    const auto& e = envelopes[i];
    if (!e || e->handling != intake::Handling::evaluate || !e->issue) continue;
    const auto [first, is_first] = first_of_issue.emplace(e->issue->value, i);
    if (is_first) firsts.push_back(i);
    lead[i] = first->second;
  }
  LookAhead ahead(waker_executor_, config->sentry.max_concurrent_requests, batch.size(),
                  std::move(firsts), [&](std::size_t i) -> net::awaitable<void> {
                    // Only what it reads into `reads` is kept.
                    (void)co_await assess(&*reads, *config, envelopes[i]->facts, histories[i],
                                          clock_.now(), &setups_);
                  });
  ahead.start();
  const bool decided = co_await decide_in_order(batch, histories, envelopes, lead, ahead,
                                                reads ? &*reads : nullptr);
  co_await ahead.finish();
  co_return decided;
}

net::awaitable<bool> Processor::decide_in_order(const std::vector<store::DeliveryRow>& batch,
                                                const std::vector<rules::History>& histories,
                                                std::vector<Result<intake::Envelope>>& envelopes,
                                                const std::vector<std::size_t>& lead,
                                                LookAhead& ahead, BatchReads* reads) {
  std::vector<store::DeliveryStep> steps;
  BatchHistory earlier;  // the stored histories were read before any of this batch
  auto held_since = std::chrono::steady_clock::now();
  int failures_in_a_row = 0;
  for (std::size_t i = 0; i < batch.size() && !stopping_; ++i) {
    const auto& delivery = batch[i];
    const auto history = earlier.apply(histories[i], delivery.issue.value_or(IssueId{0}));
    co_await ahead.done(lead[i]);
    auto step = co_await process(delivery, std::move(envelopes[i]), history, reads);
    if (!step) {
      ++stats_.deliveries_failed;
      retry_after_ = step.error().retry_after;
      // The store failing (disk full) is not the delivery's fault: it is
      // retried without spending one of its attempts.
      if (store_unavailable(step.error())) {
        spdlog::warn("delivery {} ({}): cannot be processed now, will retry: {}", delivery.id.value,
                     delivery.request_id, step.error().message);
        (void)co_await apply(steps);
        co_return false;
      }
      steps.push_back(retry_later(delivery, step.error()));
      if (++failures_in_a_row >= kFailuresInARowToPause) {
        (void)co_await apply(steps);
        co_return false;
      }
      continue;
    }
    failures_in_a_row = 0;
    if (const auto* record = std::get_if<store::DecisionRecord>(&*step)) earlier.add(*record);
    steps.push_back(std::move(*step));
    if (std::chrono::steady_clock::now() - held_since >= kMaxHold) {
      if (auto applied = co_await apply(steps); !applied) co_return false;
      steps.clear();
      held_since = std::chrono::steady_clock::now();
    }
  }
  auto applied = co_await apply(steps);
  co_return applied.ok();
}

// The failed attempt, counted, with the delivery's own next attempt: its
// backoff grows with its attempts (Sentry's Retry-After when it gave one).
store::DeliveryStep Processor::retry_later(const store::DeliveryRow& delivery, const Error& error) {
  const auto delay = retry_delay(delivery.attempts, error.retry_after, jitter(),
                                 retry_policy(config_.get()->polling));
  const bool last = delivery.attempts + 1 >= kMaxDeliveryAttempts;
  spdlog::warn("delivery {} ({}): processing failed (attempt {} of {}){}: {}", delivery.id.value,
               delivery.request_id, delivery.attempts + 1, kMaxDeliveryAttempts,
               last ? ", dead-lettered"
                    : ", retried in " + std::to_string(delay.count()) + " ms, others go on",
               error.message);
  return store::FailDelivery{delivery.id, error.message, kMaxDeliveryAttempts,
                             clock_.now() + delay};
}

double Processor::jitter() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }

// Stores the batch in one transaction. Should that fail, each step is tried
// on its own, so only the delivery that cannot be stored counts a failed
// attempt (and is dead-lettered in the end).
net::awaitable<Status> Processor::apply(const std::vector<store::DeliveryStep>& steps) {
  if (steps.empty()) co_return Status{};
  auto job = [steps](store::Store& s) { return s.apply_delivery_steps(steps); };
  auto applied = co_await store_.call(std::move(job));
  if (!applied) {
    spdlog::error("processor: cannot store {} decisions at once, storing one by one: {}",
                  steps.size(), applied.error().message);
    applied = co_await apply_one_by_one(steps);
  }
  if (!applied) co_return applied.error();
  bool wake = false;
  for (std::size_t i = 0; i < applied->size(); ++i) {
    report(steps[i], (*applied)[i]);
    hand_over_seer_state(steps[i], (*applied)[i]);
    wake = wake || (*applied)[i].run_moved ||
           ((*applied)[i].decision && (*applied)[i].decision->run);
  }
  seer_reads_.clear();
  if (wake && wake_engine_) wake_engine_();
  if (applied->size() < steps.size()) co_return make_error("store.step", "a delivery failed");
  co_return Status{};
}

net::awaitable<Result<std::vector<store::AppliedStep>>> Processor::apply_one_by_one(
    const std::vector<store::DeliveryStep>& steps) {
  std::vector<store::AppliedStep> done;
  for (const auto& step : steps) {
    auto job = [step](store::Store& s) { return s.apply_delivery_steps({step}); };
    auto applied = co_await store_.call(std::move(job));
    if (applied) {
      done.push_back(applied->front());
      continue;
    }
    const auto id = delivery_of(step);
    const auto error = applied.error().message;
    spdlog::warn("delivery {}: cannot store what processing made of it, will retry: {}",
                 id.value, error);
    if (store_unavailable(applied.error())) break;  // not the delivery's fault
    const auto next = clock_.now() + retry_policy(config_.get()->polling).base;
    auto fail = [id, error, next](store::Store& s) {
      return s.fail_delivery(id, error, kMaxDeliveryAttempts, next);
    };
    (void)co_await store_.call(std::move(fail));
    break;
  }
  co_return done;
}

// The engine may start the run on the Seer state its decision has just
// read instead of asking Sentry again.
void Processor::hand_over_seer_state(const store::DeliveryStep& step,
                                     const store::AppliedStep& applied) {
  const auto* record = std::get_if<store::DecisionRecord>(&step);
  if (!seer_state_sink_ || record == nullptr || !applied.decision || !applied.decision->run) return;
  const auto read = seer_reads_.find(record->issue.value);
  if (read == seer_reads_.end()) return;
  seer_state_sink_(*applied.decision->run, read->second.state, read->second.at);
}

void Processor::report(const store::DeliveryStep& step, const store::AppliedStep& applied) {
  if (std::holds_alternative<store::FailDelivery>(step)) return;
  ++stats_.deliveries_processed;
  if (const auto* record = std::get_if<store::DecisionRecord>(&step)) {
    log_decision(*record, *applied.decision);
  }
}

void Processor::log_decision(const store::DecisionRecord& r,
                             const store::RecordedDecision& recorded) {
  const auto issue = r.issue.value;
  ++stats_.decisions[{r.rule, recorded.lost_to_active_run ? "skip" : r.outcome,
                      recorded.lost_to_active_run ? "already_running" : r.reason}];
  if (r.outcome == "dry_run") {
    ++stats_.decisions_dry_run;
    spdlog::warn("DRY-RUN: would start Seer autofix for issue {} (rule \"{}\"): {}", issue,
                 r.rule, r.detail);
  } else if (r.outcome == "observe") {
    ++stats_.decisions_observe;
    spdlog::info("OBSERVE: would start Seer autofix for issue {} (rule \"{}\"): {}", issue,
                 r.rule, r.detail);
  } else if (recorded.run) {
    ++stats_.decisions_start;
    spdlog::info("issue {}: run {} queued (rule \"{}\"): {}", issue, recorded.run->value,
                 r.rule, r.detail);
  } else if (r.outcome == "queued") {
    ++stats_.decisions_queued;
    spdlog::info("issue {}: queued ({}): {}", issue, r.reason, r.detail);
  } else if (r.outcome == "watch") {
    ++stats_.decisions_watch;
    spdlog::info("issue {}: watched, re-checked in {}s: {}", issue,
                 config_.get()->watch.recheck_interval.count() / 1000, r.detail);
  } else if (recorded.repeated) {
    // A flood for an issue whose run is active: said once at info, then
    // counted on that decision (`autofixd decisions` shows how many).
    ++stats_.decisions_skip;
    spdlog::debug("issue {}: skipped again ({}), counted on decision {}", issue, r.reason,
                  recorded.decision_id);
  } else {
    ++stats_.decisions_skip;
    spdlog::info("issue {}: skipped ({}): {}", issue,
                 recorded.lost_to_active_run ? "already_running" : r.reason, r.detail);
  }
}

std::optional<store::RepeatHint> Processor::repeat_hint(const intake::Envelope& parsed) const {
  return runs::repeat_hint(*config_.get(), parsed, clock_.now());
}

void Processor::count_repeated(DeliveryId id, const intake::Envelope& parsed,
                               const store::RepeatHint& hint, std::int64_t decision) {
  ++stats_.deliveries_processed;
  ++stats_.decisions_skip;
  ++stats_.repeated_at_intake;
  ++stats_.decisions[{hint.rule, "skip", "already_running"}];
  spdlog::debug("issue {}: skipped again (already_running) at intake, delivery {} counted on "
                "decision {}",
                parsed.issue ? parsed.issue->value : 0, id.value, decision);
}

Result<intake::Envelope> Processor::envelope_of(const store::DeliveryRow& delivery) {
  // Always taken, so nothing is left behind for a delivery whose body was
  // read because intake handed it over after the read.
  auto kept = parsed_.take(delivery.id);
  if (kept) return std::move(*kept);
  if (!delivery.body_error.empty()) return make_error("store.corrupt_body", delivery.body_error);
  return intake::parse_envelope(delivery.resource, delivery.body);
}

net::awaitable<Result<store::DeliveryStep>> Processor::process(const store::DeliveryRow& delivery,
                                                               Result<intake::Envelope> envelope,
                                                               const rules::History& history,
                                                               BatchReads* reads) {
  if (!envelope || envelope->handling == intake::Handling::ignore || !envelope->issue) {
    // Validated at intake; a stored body that no longer parses (e.g. after an
    // upgrade) cannot become valid by retrying.
    const std::string why = envelope ? "" : envelope.error().message;
    co_return store::DeliveryStep{
        store::FinishDelivery{delivery.id, why.empty() ? "ignored" : "dead", why}};
  }
  const auto now = clock_.now();
  if (envelope->handling == intake::Handling::advance) {
    // A seer webhook says the run moved: poll it now instead of at its
    // timer. A targeted update, never a read-modify-write of the whole row:
    // the engine may be finishing this very run right now.
    co_return store::DeliveryStep{
        store::AdvanceRun{delivery.id, *envelope->issue, envelope->seer_run, now}};
  }
  const auto config = config_.get();
  sentry::SentryApi* api = reads;
  auto assessed = co_await assess(api, *config, envelope->facts, history, now, &setups_);
  if (!assessed) co_return assessed.error();
  if (reads != nullptr && assessed->decision.outcome == rules::Outcome::start) {
    if (auto read = reads->autofix_read(assessed->facts.issue)) {
      seer_reads_.insert_or_assign(assessed->facts.issue.value, std::move(*read));
    }
  }
  co_return store::DeliveryStep{to_record(*config, *assessed, delivery.id, now)};
}

// A watched or queued issue's re-check: one decision, stored on its own.
// Returns the outcome recorded.
net::awaitable<Result<std::string>> Processor::decide(rules::Facts facts) {
  const auto now = clock_.now();
  const auto issue = facts.issue;
  auto history = co_await store_.call([issue, now](store::Store& s) { return s.history(issue, now); });
  if (!history) co_return history.error();
  const auto config = config_.get();
  auto assessed = co_await assess(api_, *config, std::move(facts), *history, now, &setups_);
  if (!assessed) co_return assessed.error();
  auto record = to_record(*config, *assessed, std::nullopt, now);
  auto job = [record](store::Store& s) { return s.record_decision(record); };
  auto recorded = co_await store_.call(std::move(job));
  if (!recorded) co_return recorded.error();
  log_decision(record, *recorded);
  if (recorded->run && wake_engine_) wake_engine_();
  co_return record.outcome;
}

net::awaitable<void> Processor::recheck_watches() {
  const auto now = clock_.now();
  auto due = co_await store_.call([now](store::Store& s) { return s.due_watches(now, kBatch); });
  if (!due) co_return;
  for (const auto& w : *due) {
    if (stopping_) co_return;
    const auto issue = w.issue;
    if (api_ == nullptr || now >= w.expires_at) {
      spdlog::info("issue {}: no longer watched ({})", issue.value,
                   api_ == nullptr ? "dry-run cannot refresh facts" : "watch expired");
      (void)co_await store_.call([issue](store::Store& s) { return s.remove_watch(issue); });
      continue;
    }
    rules::Facts facts;
    facts.issue = issue;
    if (auto done = co_await decide(facts); !done) {
      const auto next = now + config_.get()->watch.recheck_interval;
      spdlog::warn("issue {}: watch re-check failed: {}", issue.value, done.error().message);
      (void)co_await store_.call(
          [issue, next](store::Store& s) { return s.reschedule_watch(issue, next); });
    }
  }
}

}  // namespace autofixd::runs
