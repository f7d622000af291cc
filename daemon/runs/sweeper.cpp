#include "runs/sweeper.hpp"

#include <unordered_map>

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
  std::vector<IssueId> ids;
  std::unordered_map<IssueId, const sentry::ListedIssue*> by_id;
  ids.reserve(listed->size());
  for (const auto& issue : *listed) {
    ids.push_back(issue.id);
    by_id.emplace(issue.id, &issue);
  }
  auto job = [ids](store::Store& s) { return s.unseen_issues(ids); };
  auto unseen = co_await store_.call(std::move(job));
  if (!unseen) {
    ++stats_.failures;
    spdlog::error("sweep: cannot read which issues are known: {}", unseen.error().message);
    co_return;
  }
  std::size_t queued = 0;
  const auto backlog_limit =
      static_cast<std::int64_t>(config_.get()->server.max_pending_deliveries);
  for (const IssueId id : *unseen) {
    if (stopping_) break;
    // Webhooks are refused past this backlog; the sweep holds back too, and
    // the issues left are found again by the next sweep.
    if (store_.pending_deliveries() >= backlog_limit) {
      spdlog::warn("sweep: {} deliveries wait to be processed (server.max_pending_deliveries); "
                   "the remaining issues wait for the next sweep",
                   store_.pending_deliveries());
      break;
    }
    const auto listed_issue = by_id.find(id);
    if (listed_issue == by_id.end()) continue;  // the store answers only ids it was given
    auto delivery = sweep_delivery(*listed_issue->second, clock_.now());
    auto inserted = co_await store_.insert_delivery(std::move(delivery));
    if (!inserted) {
      ++stats_.failures;
      spdlog::error("sweep: cannot queue issue {}: {}", id.value, inserted.error().message);
      break;
    }
    if (!inserted->duplicate) ++queued;
  }
  stats_.issues_queued += queued;
  spdlog::info("sweep: {} recent unresolved issues listed, {} never seen before{}",
               listed->size(), unseen->size(), queued > 0 ? ", queued for evaluation" : "");
  if (queued > 0 && on_queued_) on_queued_();
}

}  // namespace autofixd::runs
