#pragma once
// Keeps the store from growing forever. At start, hourly and on SIGHUP:
// - the bodies of processed and ignored deliveries received more than
//   [store] body_retention ago are deleted (pending and dead deliveries keep
//   theirs);
// - body digests older than the 24 h replay window are deleted;
// - delivery, decision and run rows (with their bodies and comments) older
//   than [store] row_retention are deleted, except what is still needed
//   (store/retention_rows.cpp), never closer than the rules look back
//   (Config::row_retention_in_effect).
// SQLite reuses the freed pages. Each walk goes range by range, each range
// its own short transaction, so intake never waits long behind it.
// Network thread only.

#include <cstdint>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "config/holder.hpp"
#include "store/async_store.hpp"
#include "util/clock.hpp"
#include "util/task_group.hpp"

namespace autofixd::runs {

struct PruneStats {
  std::uint64_t passes = 0;
  std::uint64_t failures = 0;
  std::uint64_t bodies_deleted = 0;
  std::uint64_t digests_deleted = 0;
  std::uint64_t rows_deleted = 0;  // deliveries, decisions and runs
};

class BodyPruner {
 public:
  // Deliveries looked at per transaction.
  static constexpr std::int64_t kSpan = 1000;
  static constexpr Millis kInterval{3600 * 1000};

  BodyPruner(net::any_io_executor executor, store::AsyncStore& store,
             const config::ConfigHolder& config, const Clock& clock);

  net::awaitable<void> run();
  // Prunes now (SIGHUP: a new body_retention applies at once).
  void wake() { waker_.notify(); }
  void stop();
  const PruneStats& stats() const { return stats_; }

 private:
  net::awaitable<void> prune_once();
  net::awaitable<void> prune_bodies();
  net::awaitable<void> prune_digests();
  // runs/row_pruner.cpp
  net::awaitable<void> prune_rows();
  net::awaitable<std::int64_t> prune_table(store::RetainedTable table, SysTime cutoff);

  store::AsyncStore& store_;
  const config::ConfigHolder& config_;
  const Clock& clock_;
  Waker waker_;
  bool stopping_ = false;
  // Where the last pass stopped: everything before it was pruned or is
  // kept (pending or dead then). Starts at the oldest body at each start.
  std::optional<DeliveryId> resume_at_;
  PruneStats stats_;
};

}  // namespace autofixd::runs
