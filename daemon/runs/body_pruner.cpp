#include "runs/body_pruner.hpp"

#include <spdlog/spdlog.h>

#include "util/duration.hpp"

namespace autofixd::runs {
namespace {

// Digests deleted per transaction.
constexpr std::int64_t kDigestBatch = 5000;

}  // namespace

BodyPruner::BodyPruner(net::any_io_executor executor, store::AsyncStore& store,
                       const config::ConfigHolder& config, const Clock& clock)
    : store_(store), config_(config), clock_(clock), waker_(executor) {}

void BodyPruner::stop() {
  stopping_ = true;
  waker_.notify();
}

net::awaitable<void> BodyPruner::run() {
  while (!stopping_) {
    co_await prune_once();
    if (stopping_) break;
    co_await waker_.sleep_until(std::chrono::steady_clock::now() + kInterval);
  }
}

net::awaitable<void> BodyPruner::prune_once() {
  ++stats_.passes;
  co_await prune_bodies();
  if (stopping_) co_return;
  co_await prune_digests();
  if (stopping_) co_return;
  co_await prune_rows();
}

net::awaitable<void> BodyPruner::prune_bodies() {
  const Millis retention = config_.get()->store.body_retention;
  if (retention == Millis::zero()) co_return;
  if (!resume_at_) {
    auto first = co_await store_.call([](store::Store& s) { return s.first_body(); });
    if (!first) {
      ++stats_.failures;
      spdlog::warn("store: cannot find the oldest delivery body: {}", first.error().message);
      co_return;
    }
    if (!*first) co_return;  // no body stored yet
    resume_at_ = **first;
  }
  const SysTime cutoff = clock_.now() - retention;
  std::int64_t deleted = 0;
  while (!stopping_) {
    const DeliveryId from = *resume_at_;
    auto job = [from, cutoff](store::Store& s) { return s.prune_bodies(from, cutoff, kSpan); };
    auto pruned = co_await store_.call(std::move(job));
    if (!pruned) {
      ++stats_.failures;
      spdlog::warn("store: cannot delete old delivery bodies: {}", pruned.error().message);
      break;
    }
    deleted += pruned->deleted;
    // A range holding a delivery too young is looked at again next time.
    if (pruned->reached_recent || !pruned->next) break;
    resume_at_ = pruned->next;
  }
  stats_.bodies_deleted += static_cast<std::uint64_t>(deleted);
  if (deleted > 0) {
    spdlog::info("store: deleted {} delivery bodies received more than {} ago "
                 "([store] body_retention)",
                 deleted, format_duration(retention));
  }
}

net::awaitable<void> BodyPruner::prune_digests() {
  const SysTime cutoff = clock_.now() - store::kBodyReplayWindow;
  std::int64_t deleted = 0;
  while (!stopping_) {
    auto job = [cutoff](store::Store& s) { return s.prune_body_digests(cutoff, kDigestBatch); };
    auto pruned = co_await store_.call(std::move(job));
    if (!pruned) {
      ++stats_.failures;
      spdlog::warn("store: cannot delete expired body digests: {}", pruned.error().message);
      break;
    }
    deleted += *pruned;
    if (*pruned < kDigestBatch) break;
  }
  stats_.digests_deleted += static_cast<std::uint64_t>(deleted);
  if (deleted > 0) spdlog::debug("store: deleted {} body digests older than 24 h", deleted);
}

}  // namespace autofixd::runs
