#include "store/async_store.hpp"

#include <spdlog/spdlog.h>

namespace autofixd::store {

AsyncStore::AsyncStore(Store store, std::size_t max_queued)
    : store_(std::move(store)), max_queued_(max_queued) {
  pending_deliveries_.store(store_.pending_delivery_count());
  const auto path = store_.database().path();
  if (path.empty() || path == ":memory:") return;
  auto checkpointer = Checkpointer::start(path);
  if (!checkpointer) {
    spdlog::warn("store: checkpoints stay on the commit path: {}",
                 checkpointer.error().message);
    return;
  }
  checkpointer_ = std::move(*checkpointer);
  store_.database().replace_auto_checkpoint(
      [c = checkpointer_.get()](int frames) { c->wal_grew(frames); });
}

AsyncStore::~AsyncStore() {
  pool_.join();
  // The store's last commit is done; its connection checkpoints on close.
  checkpointer_.reset();
}

void AsyncStore::resume(Waiter waiter, Result<InsertedDelivery> result) {
  net::post(waiter.executor, [h = std::move(waiter.handler), r = std::move(result)]() mutable {
    std::move(h)(std::move(r));
  });
}

void AsyncStore::enqueue_delivery(std::unique_ptr<NewDelivery> delivery, Waiter waiter) {
  if (queued_.fetch_add(1) >= max_queued_) {
    queued_.fetch_sub(1);
    resume(std::move(waiter),
           Result<InsertedDelivery>(make_error(
                 "store.overloaded", "store queue is full (" + std::to_string(max_queued_) +
                                         " waiting)")));
    return;
  }
  bool first = false;
  {
    std::lock_guard lock(batch_mutex_);
    first = batch_.empty();
    batch_.push_back({std::move(delivery), std::move(waiter)});
  }
  // One commit task per batch: deliveries arriving while it waits or runs
  // join the next one.
  if (first) net::post(pool_, [this] { commit_delivery_batch(); });
}

void AsyncStore::commit_delivery_batch() {
  std::vector<PendingDelivery> batch;
  {
    std::lock_guard lock(batch_mutex_);
    batch.swap(batch_);
  }
  std::vector<NewDelivery> rows;
  rows.reserve(batch.size());
  for (auto& p : batch) rows.push_back(std::move(*p.delivery));
  auto results = store_.insert_deliveries(rows);
  pending_deliveries_.store(store_.pending_delivery_count());
  queued_.fetch_sub(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    resume(std::move(batch[i].waiter), results ? Result<InsertedDelivery>((*results)[i])
                                               : Result<InsertedDelivery>(results.error()));
  }
}

}  // namespace autofixd::store
