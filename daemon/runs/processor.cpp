#include "runs/processor.hpp"

#include <spdlog/spdlog.h>

#include "intake/envelope.hpp"
#include "runs/transitions.hpp"

namespace autofixd::runs {
namespace {

constexpr int kBatch = 64;
// A delivery that keeps failing (Sentry down) is dead-lettered after this many tries.
constexpr int kMaxDeliveryAttempts = 20;
// Even with nothing announced, pending deliveries are looked for this often
// (a delivery replayed with `autofixd replay` while the daemon runs).
constexpr Millis kIdleCheck{30'000};

std::string outcome_name(rules::Outcome o, bool dry_run) {
  if (o == rules::Outcome::start && dry_run) return "dry_run";
  return std::string(rules::to_string(o));
}

store::DecisionRecord to_record(const config::Config& config, const Assessment& a,
                                std::optional<DeliveryId> delivery, SysTime now) {
  store::DecisionRecord r;
  r.delivery = delivery;
  r.issue = a.facts.issue;
  r.decided_at = now;
  r.outcome = outcome_name(a.decision.outcome, config.dry_run());
  r.rule = a.decision.rule;
  r.reason = a.decision.reason;
  r.detail = a.decision.detail;
  r.facts_json = rules::facts_to_json(a.facts);
  r.stopping_point = a.decision.stopping_point;
  r.instruction = a.decision.instruction;
  r.issue_title = a.facts.title;
  r.issue_short_id = a.facts.short_id;
  r.issue_url = a.facts.web_url;
  if (a.decision.outcome == rules::Outcome::watch) {
    r.recheck_at = now + config.watch.recheck_interval;
    r.watch_expires_at = now + config.watch.expire_after;
  }
  return r;
}

// Failures of the store itself rather than of what was asked of it.
bool store_unavailable(const Error& e) {
  return e.code == "store.full" || e.code == "store.io" || e.code == "store.busy" ||
         e.code == "store.overloaded";
}

}  // namespace

Processor::Processor(net::any_io_executor executor, store::AsyncStore& store,
                     sentry::SentryApi* api, const config::ConfigHolder& config,
                     const Clock& clock, std::function<void()> wake_engine)
    : store_(store), api_(api), config_(config), clock_(clock),
      wake_engine_(std::move(wake_engine)), waker_(executor) {}

void Processor::stop() {
  stopping_ = true;
  waker_.notify();
}

net::awaitable<void> Processor::run() {
  while (!stopping_) {
    const bool more = co_await drain_deliveries();
    if (stopping_) break;
    co_await recheck_watches();
    if (more) continue;
    // Back off while deliveries keep failing (Sentry unreachable), else sleep
    // until the next watch re-check or a new delivery.
    auto deadline = std::chrono::steady_clock::time_point::max();
    if (consecutive_failures_ > 0) {
      deadline = std::chrono::steady_clock::now() +
                 retry_delay(consecutive_failures_ - 1, retry_after_, 1.0,
                             retry_policy(config_.get()->polling));
    } else if (auto next = co_await store_.call([](store::Store& s) { return s.next_watch_due(); });
               next && next->has_value()) {
      const auto wait = std::max(**next - clock_.now(), SysTime::duration::zero());
      deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<Millis>(wait);
    }
    deadline = std::min(deadline, std::chrono::steady_clock::now() + kIdleCheck);
    co_await waker_.sleep_until(deadline);
  }
}

// Returns true when a full batch was processed (more may be waiting).
net::awaitable<bool> Processor::drain_deliveries() {
  auto batch = co_await store_.call([](store::Store& s) { return s.pending_deliveries(kBatch); });
  if (!batch) {
    spdlog::error("processor: cannot read deliveries: {}", batch.error().message);
    ++consecutive_failures_;
    co_return false;
  }
  for (const auto& delivery : *batch) {
    if (stopping_) co_return false;
    auto done = co_await process(delivery);
    if (done) {
      consecutive_failures_ = 0;
      ++stats_.deliveries_processed;
      continue;
    }
    ++stats_.deliveries_failed;
    ++consecutive_failures_;
    retry_after_ = done.error().retry_after;
    spdlog::warn("delivery {} ({}): processing failed, will retry: {}", delivery.id.value,
                 delivery.request_id, done.error().message);
    // The store failing (disk full) is not the delivery's fault: it is
    // retried without spending one of its attempts.
    if (store_unavailable(done.error())) co_return false;
    const auto error = done.error().message;
    const auto id = delivery.id;
    auto job = [id, error](store::Store& s) {
      return s.fail_delivery(id, error, kMaxDeliveryAttempts);
    };
    (void)co_await store_.call(std::move(job));
    co_return false;  // keep order: retry this one first, after a back-off
  }
  co_return batch->size() == static_cast<std::size_t>(kBatch);
}

net::awaitable<Status> Processor::process(const store::DeliveryRow& delivery) {
  auto envelope = intake::parse_envelope(delivery.resource, delivery.body);
  if (!envelope || envelope->handling == intake::Handling::ignore || !envelope->issue) {
    // Validated at intake; a stored body that no longer parses (e.g. after an
    // upgrade) cannot become valid by retrying.
    const auto id = delivery.id;
    const std::string why = envelope ? "" : envelope.error().message;
    auto job = [id, why](store::Store& s) {
      return s.finish_delivery(id, why.empty() ? "ignored" : "dead", why);
    };
    co_return co_await store_.call(std::move(job));
  }
  if (envelope->handling == intake::Handling::advance) {
    auto advanced = co_await advance_run(*envelope->issue);
    if (!advanced) co_return advanced;
    const auto id = delivery.id;
    co_return co_await store_.call(
        [id](store::Store& s) { return s.finish_delivery(id, "processed", ""); });
  }
  co_return co_await decide(envelope->facts, delivery.id);
}

// A seer webhook says the run moved: poll it now instead of at its timer.
net::awaitable<Status> Processor::advance_run(IssueId issue) {
  const auto now = clock_.now();
  // A targeted update, never a read-modify-write of the whole row: the
  // engine may be finishing this very run right now.
  auto moved = co_await store_.call(
      [issue, now](store::Store& s) { return s.poll_running_run_now(issue, now); });
  if (!moved) co_return moved.error();
  if (*moved && wake_engine_) wake_engine_();
  co_return Status{};
}

net::awaitable<Status> Processor::decide(rules::Facts facts, std::optional<DeliveryId> delivery) {
  const auto config = config_.get();
  const auto now = clock_.now();
  const auto issue = facts.issue;
  auto history = co_await store_.call([issue, now](store::Store& s) { return s.history(issue, now); });
  if (!history) co_return history.error();
  auto assessed = co_await assess(api_, *config, std::move(facts), *history, now);
  if (!assessed) co_return assessed.error();
  auto record = to_record(*config, *assessed, delivery, now);
  auto job = [record](store::Store& s) { return s.record_decision(record); };
  auto recorded = co_await store_.call(std::move(job));
  if (!recorded) co_return recorded.error();

  const auto& d = assessed->decision;
  if (config->dry_run() && d.outcome == rules::Outcome::start) {
    ++stats_.decisions_dry_run;
    spdlog::warn("DRY-RUN: would start Seer autofix for issue {} (rule \"{}\"): {}", issue.value,
                 d.rule, d.detail);
  } else if (recorded->run) {
    ++stats_.decisions_start;
    spdlog::info("issue {}: run {} queued (rule \"{}\"): {}", issue.value, recorded->run->value,
                 d.rule, d.detail);
    if (wake_engine_) wake_engine_();
  } else if (d.outcome == rules::Outcome::watch) {
    ++stats_.decisions_watch;
    spdlog::info("issue {}: watched, re-checked in {}s: {}", issue.value,
                 config->watch.recheck_interval.count() / 1000, d.detail);
  } else {
    ++stats_.decisions_skip;
    spdlog::info("issue {}: skipped ({}): {}", issue.value,
                 recorded->lost_to_active_run ? "active_run" : d.reason, d.detail);
  }
  co_return Status{};
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
    if (auto done = co_await decide(facts, std::nullopt); !done) {
      const auto next = now + config_.get()->watch.recheck_interval;
      spdlog::warn("issue {}: watch re-check failed: {}", issue.value, done.error().message);
      (void)co_await store_.call(
          [issue, next](store::Store& s) { return s.reschedule_watch(issue, next); });
    }
  }
}

}  // namespace autofixd::runs
