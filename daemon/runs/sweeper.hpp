#pragma once
// The sweep: webhooks get lost (internal integrations are never retried, and
// the daemon may have been down), so every [sweep] interval the unresolved
// issues Sentry saw in the last 24 hours are listed, and each one the store
// has never heard of is queued as a delivery of its own ("sweep:<issue>"),
// to be evaluated like a webhook. Network thread only.

#include <cstdint>
#include <functional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "config/holder.hpp"
#include "sentry/api.hpp"
#include "store/async_store.hpp"
#include "util/clock.hpp"
#include "util/task_group.hpp"

namespace autofixd::runs {

struct SweepStats {
  std::uint64_t sweeps = 0;
  std::uint64_t failures = 0;
  std::uint64_t issues_listed = 0;
  std::uint64_t issues_queued = 0;
};

// The delivery a swept issue is stored as: resource "issue", action
// "unresolved", Request-ID "sweep:<id>" (a Request-ID no webhook can carry),
// the issue as Sentry listed it.
store::NewDelivery sweep_delivery(const sentry::ListedIssue& issue, SysTime now);

class Sweeper {
 public:
  // Pages of 100 issues read per sweep, at most.
  static constexpr int kMaxPages = 5;

  Sweeper(net::any_io_executor executor, store::AsyncStore& store, sentry::SentryApi& api,
          const config::ConfigHolder& config, const Clock& clock,
          std::function<void()> on_queued);

  // Sweeps at once, then every [sweep] interval (re-read after each sweep and
  // on wake(), so SIGHUP applies a new one); an interval of 0 sweeps never.
  net::awaitable<void> run();
  void wake() { waker_.notify(); }
  void stop();
  const SweepStats& stats() const { return stats_; }

 private:
  net::awaitable<void> sweep_once();

  store::AsyncStore& store_;
  sentry::SentryApi& api_;
  const config::ConfigHolder& config_;
  const Clock& clock_;
  std::function<void()> on_queued_;
  Waker waker_;
  bool stopping_ = false;
  SweepStats stats_;
};

}  // namespace autofixd::runs
