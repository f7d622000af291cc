#pragma once
// Turns committed deliveries into decisions: parses the stored body, fetches
// fresh issue details when a rule needs them (or before starting a run),
// evaluates the rules, and stores the decision with its run or watch entry
// in one transaction. Also re-checks watched issues. Network thread only.

#include <cstdint>
#include <functional>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "config/holder.hpp"
#include "rules/evaluate.hpp"
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
};

// Facts plus the decision taken on them; what `explain` prints.
struct Assessment {
  rules::Facts facts;
  rules::Decision decision;
  bool details_fetched = false;
  std::string details_error;  // why fresh details could not be read, if so
};

// Fetches fresh details when useful (api non-null), merges them over the
// webhook's facts (fresh wins) and evaluates. Errors: transient Sentry
// failures, so the caller can retry the delivery later.
net::awaitable<Result<Assessment>> assess(sentry::SentryApi* api, const config::Config& config,
                                          rules::Facts facts, const rules::History& history,
                                          SysTime now);

class Processor {
 public:
  Processor(net::any_io_executor executor, store::AsyncStore& store, sentry::SentryApi* api,
            const config::ConfigHolder& config, const Clock& clock,
            std::function<void()> wake_engine);

  net::awaitable<void> run();
  void wake() { waker_.notify(); }
  void stop();
  const ProcessorStats& stats() const { return stats_; }

 private:
  net::awaitable<bool> drain_deliveries();
  net::awaitable<Status> process(const store::DeliveryRow& delivery);
  net::awaitable<Status> advance_run(IssueId issue);
  net::awaitable<Status> decide(rules::Facts facts, std::optional<DeliveryId> delivery);
  net::awaitable<void> recheck_watches();

  store::AsyncStore& store_;
  sentry::SentryApi* api_;
  const config::ConfigHolder& config_;
  const Clock& clock_;
  std::function<void()> wake_engine_;
  Waker waker_;
  bool stopping_ = false;
  std::int64_t consecutive_failures_ = 0;
  Millis retry_after_{0};  // Sentry's hint from the last failure
  ProcessorStats stats_;
};

}  // namespace autofixd::runs
