#pragma once
// Sends the outbox: every [[tracker]] and [[notify]] message the store
// holds, each on its own schedule, so a target that is down or slow never
// holds back Sentry comments (the engine posts those) or another target.
//
// A row is `sending` (durable) before its request leaves. A row found
// `sending` was interrupted (a crash, or an answer that never came):
//   tracker comment  the tracker's comments are read for the row's marker
//                    before any new POST, so it is posted once;
//   tracker status   read back before it is set again;
//   webhook          sent again with the same X-Autofixd-Delivery id, for
//                    receivers to drop the repeat;
//   slack            not sent again (Slack cannot be asked whether it
//                    arrived): a dead letter saying it may have arrived.
// Failures retry with backoff (notify/send_policy.hpp), then become dead
// letters that `autofixd outbox` shows. Network thread only.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "config/holder.hpp"
#include "notify/outcome.hpp"
#include "sentry/https_client.hpp"
#include "store/async_store.hpp"
#include "util/clock.hpp"
#include "util/task_group.hpp"

namespace autofixd::sentry {
class SentryApi;
}

namespace autofixd::notify {

struct DispatcherStats {
  std::uint64_t sent = 0;
  std::uint64_t skipped = 0;  // nothing to do at the target (no tracker issue, status not allowed)
  std::uint64_t dead = 0;     // given up
  std::uint64_t failures = 0; // attempts that failed and will be retried
};

class Dispatcher {
 public:
  // `sentry` reads event tags for `match = "tag:NAME"`; may be null (dry-run).
  Dispatcher(net::any_io_executor executor, store::AsyncStore& store,
             const config::ConfigHolder& config, const Clock& clock, sentry::SentryApi* sentry);
  ~Dispatcher();

  net::awaitable<void> run();
  void wake() { waker_.notify(); }
  void stop();
  const DispatcherStats& stats() const { return stats_; }

  static constexpr std::size_t kMaxInFlight = 16;

 private:
  // What a send achieved; failures are Errors.
  struct Sent {
    store::OutboxState state = store::OutboxState::sent;
    std::string note;  // why skipped, or what was found
  };

  net::awaitable<void> send(store::OutboxRow row);  // send_one, then frees its slot
  net::awaitable<void> send_one(store::OutboxRow row);
  net::awaitable<Result<Sent>> send_to_tracker(const config::Tracker& tracker,
                                               const Outcome& outcome, store::OutboxRow& row,
                                               bool repeat);
  net::awaitable<Result<std::string>> tracker_issue(const config::Tracker& tracker,
                                                    const Outcome& outcome,
                                                    class TrackerClient& client);
  net::awaitable<Result<Sent>> send_to_notify(const config::NotifyTarget& target,
                                              const Outcome& outcome, const store::OutboxRow& row,
                                              bool repeat);
  net::awaitable<bool> save(const store::OutboxRow& row);
  sentry::HttpsClient& client_for(const std::string& origin);
  double jitter();

  net::any_io_executor executor_;
  store::AsyncStore& store_;
  const config::ConfigHolder& config_;
  const Clock& clock_;
  sentry::SentryApi* sentry_;
  Waker waker_;
  TaskGroup tasks_;
  std::set<std::int64_t> in_flight_;
  std::map<std::string, std::unique_ptr<sentry::HttpsClient>> clients_;  // by origin
  bool stopping_ = false;
  DispatcherStats stats_;
  std::minstd_rand random_{std::random_device{}()};
};

}  // namespace autofixd::notify
