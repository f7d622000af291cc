// The queue: starts a budget or the kill switch held back begin when room
// frees, highest Sentry priority first, then most events, then highest
// fixability, each after a fresh re-check (README "Budgets and the queue").
#include <spdlog/spdlog.h>

#include "rules/budget.hpp"
#include "runs/processor.hpp"
#include "util/time_format.hpp"

namespace autofixd::runs {
namespace {

// Entries looked at per pass; the rest wait for the next one.
constexpr int kQueueBatch = 64;

}  // namespace

net::awaitable<void> Processor::drain_queue() {
  // The queue's size (stats_.queue_size) was read by run()'s processor_work.
  auto entries = co_await store_.call([](store::Store& s) { return s.queued(kQueueBatch); });
  if (!entries) {
    spdlog::error("processor: cannot read the queue: {}", entries.error().message);
    co_return;
  }
  for (const store::QueueRow& entry : *entries) {
    if (stopping_) co_return;
    const auto now = clock_.now();
    if (now >= entry.expires_at) {
      co_await expire_queued(entry, now);
      continue;
    }
    auto usage = co_await store_.call([now](store::Store& s) { return s.budget_usage(now); });
    if (!usage) {
      spdlog::error("processor: cannot read budget usage: {}", usage.error().message);
      co_return;
    }
    const auto config = config_.get();
    usage->simulated = config->dry_run() || config->automation.mode == config::Mode::observe;
    if (!usage->paused.empty()) co_return;
    // Known holds are checked here, without spending a Sentry request; the
    // re-check below decides with fresh facts (another rule may match now).
    if (const config::Rule* rule = config->find_rule(entry.rule)) {
      if (auto hold = rules::budget_hold(config->budget, *rule, *usage)) {
        if (hold->blocks_all) co_return;
        continue;  // this rule's own budget: others behind it may start
      }
    }
    rules::Facts facts = rules::facts_from_json(entry.facts_json);
    facts.issue = entry.issue;
    auto outcome = co_await decide(std::move(facts));
    if (!outcome) {
      // Sentry unreachable: it stays queued, in its place.
      spdlog::warn("issue {}: queued re-check failed, stays queued: {}", entry.issue.value,
                   outcome.error().message);
      co_return;
    }
  }
}

// Too long in the queue: a skip on the record, so the trail says why the
// issue never started.
net::awaitable<void> Processor::expire_queued(const store::QueueRow& entry, SysTime now) {
  store::DecisionRecord r;
  r.issue = entry.issue;
  r.decided_at = now;
  r.outcome = "skip";
  r.rule = entry.rule;
  r.reason = "queue_expired";
  r.detail = "queued since " + format_utc(entry.queued_at) + " (" + entry.reason +
             ") and not started by " + format_utc(entry.expires_at) +
             " ([watch] expire_after); no longer queued";
  r.facts_json = entry.facts_json;
  r.issue_title = entry.issue_title;
  r.issue_short_id = entry.issue_short_id;
  auto job = [r](store::Store& s) { return s.record_decision(r); };
  if (auto recorded = co_await store_.call(std::move(job)); !recorded) {
    spdlog::error("issue {}: cannot record the expiry of its queue entry: {}", entry.issue.value,
                  recorded.error().message);
    co_return;
  }
  ++stats_.queue_expired;
  ++stats_.decisions[{r.rule, "skip", "queue_expired"}];
  spdlog::info("issue {}: {}", entry.issue.value, r.detail);
}

}  // namespace autofixd::runs
