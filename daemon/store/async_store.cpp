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

void AsyncStore::resume_waiter(Waiter waiter, Result<InsertedDelivery> result) {
  net::post(waiter.executor, [h = std::move(waiter.handler), r = std::move(result)]() mutable {
    std::move(h)(std::move(r));
  });
}

bool AsyncStore::admit() {
  if (queued_.fetch_add(1) < max_queued_) return true;
  queued_.fetch_sub(1);
  return false;
}

Error AsyncStore::overloaded() const {
  return make_error("store.overloaded",
                    "store queue is full (" + std::to_string(max_queued_) + " waiting)");
}

void AsyncStore::enqueue(std::unique_ptr<Job> job) {
  if (!admit()) return job->refuse(overloaded());
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  schedule_group();
}

void AsyncStore::enqueue_delivery(std::unique_ptr<NewDelivery> delivery, Waiter waiter) {
  if (!admit()) {
    return resume_waiter(std::move(waiter), Result<InsertedDelivery>(overloaded()));
  }
  {
    std::lock_guard lock(mutex_);
    batch_.push_back({std::move(delivery), std::move(waiter)});
  }
  schedule_group();
}

// One group task at a time: whatever queues while it waits or runs joins
// the next group.
void AsyncStore::schedule_group() {
  {
    std::lock_guard lock(mutex_);
    if (group_scheduled_) return;
    group_scheduled_ = true;
  }
  net::post(pool_, [this] { run_group(); });
}

void AsyncStore::run_group() {
  std::vector<std::unique_ptr<Job>> jobs;
  std::vector<PendingDelivery> batch;
  {
    std::lock_guard lock(mutex_);
    jobs.swap(jobs_);
    batch.swap(batch_);
    group_scheduled_ = false;
  }
  auto& db = store_.database();
  // Without the outer transaction (the lock is held elsewhere too long) each
  // call still commits on its own.
  const Status began = db.exec("BEGIN IMMEDIATE");
  for (auto& job : jobs) job->run(store_);
  auto inserted = insert_batch(batch);
  Status committed;
  if (began) {
    committed = db.exec("COMMIT");
    if (!committed) (void)db.exec("ROLLBACK");
  }
  pending_deliveries_.store(store_.pending_delivery_count());
  queued_.fetch_sub(jobs.size() + batch.size());
  for (auto& job : jobs) job->complete(committed);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto result = committed ? std::move(inserted[i]) : Result<InsertedDelivery>(committed.error());
    resume_waiter(std::move(batch[i].waiter), std::move(result));
  }
}

std::vector<Result<InsertedDelivery>> AsyncStore::insert_batch(
    std::vector<PendingDelivery>& batch) {
  std::vector<Result<InsertedDelivery>> out;
  if (batch.empty()) return out;
  std::vector<NewDelivery> rows;
  rows.reserve(batch.size());
  for (auto& p : batch) rows.push_back(std::move(*p.delivery));
  auto results = store_.insert_deliveries(rows);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    out.push_back(results ? Result<InsertedDelivery>((*results)[i])
                          : Result<InsertedDelivery>(results.error()));
  }
  return out;
}

}  // namespace autofixd::store
