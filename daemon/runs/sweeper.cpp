#include "runs/sweeper.hpp"

#include <spdlog/spdlog.h>

namespace autofixd::runs {

store::NewDelivery sweep_delivery(const sentry::ListedIssue& issue, SysTime now) {
  store::NewDelivery d;
  // ':' is outside what intake accepts in a Request-ID, so no webhook can
  // take this one and keep the sweep from storing the issue.
  d.request_id = "sweep:" + issue.id.str();
  d.resource = "issue";
  d.action = "unresolved";
  d.handling = "evaluate";
  d.issue = issue.id;
  // The issue webhook's envelope around the listed issue (same serializer).
  d.body = R"({"action":"unresolved","data":{"issue":)" + issue.json + "}}";
  d.received_at = now;
  return d;
}

Sweeper::Sweeper(net::any_io_executor executor, store::AsyncStore& store, sentry::SentryApi& api,
                 const config::ConfigHolder& config, const Clock& clock,
                 std::function<void()> on_queued)
    : store_(store), api_(api), config_(config), clock_(clock),
      on_queued_(std::move(on_queued)), waker_(executor) {}

void Sweeper::stop() {
  stopping_ = true;
  waker_.notify();
}

net::awaitable<void> Sweeper::run() {
  while (!stopping_) {
    const Millis interval = config_.get()->sweep.interval;
    if (interval == Millis::zero()) {
      co_await waker_.sleep_until(std::chrono::steady_clock::time_point::max());
      continue;
    }
    co_await sweep_once();
    if (stopping_) break;
    co_await waker_.sleep_until(std::chrono::steady_clock::now() + interval);
  }
}

net::awaitable<void> Sweeper::sweep_once() {
  ++stats_.sweeps;
  auto listed = co_await api_.list_recent_issues(kMaxPages);
  if (!listed) {
    ++stats_.failures;
    spdlog::warn("sweep: cannot list recent unresolved issues: {}", listed.error().message);
    co_return;
  }
  stats_.issues_listed += listed->size();
  std::vector<store::NewDelivery> candidates;
  candidates.reserve(listed->size());
  for (const auto& issue : *listed) candidates.push_back(sweep_delivery(issue, clock_.now()));
  const auto backlog_limit =
      static_cast<std::int64_t>(config_.get()->server.max_pending_deliveries);
  // The check for issues never seen and the insert are one store call (one
  // transaction): a webhook stored meanwhile is either seen by the check or
  // comes after the sweep's delivery, never between the two.
  auto job = [candidates = std::move(candidates), backlog_limit](store::Store& s) {
    return s.queue_unseen(candidates, backlog_limit);
  };
  auto queued = co_await store_.call(std::move(job));
  if (!queued) {
    ++stats_.failures;
    spdlog::error("sweep: cannot queue the issues never seen: {}", queued.error().message);
    co_return;
  }
  if (queued->held_back > 0) {
    spdlog::warn(
        "sweep: {} deliveries wait to be processed (server.max_pending_deliveries); "
        "{} issues wait for the next sweep",
        store_.pending_deliveries(), queued->held_back);
  }
  stats_.issues_queued += queued->queued;
  spdlog::info("sweep: {} recent unresolved issues listed, {} never seen before{}", listed->size(),
               queued->unseen, queued->queued > 0 ? ", queued for evaluation" : "");
  if (queued->queued > 0 && on_queued_) on_queued_();
}

}  // namespace autofixd::runs
