#include "store/async_store.hpp"

#include <spdlog/spdlog.h>

namespace autofixd::store {

AsyncStore::AsyncStore(Store store, std::size_t max_queued)
    : store_(std::move(store)), max_queued_(max_queued) {
  pending_deliveries_.store(store_.pending_delivery_count());
  // Before the first webhook, outside any transaction (the first insert
  // would do it otherwise, inside its group's).
  if (auto s = store_.load_recent_keys(); !s) {
    spdlog::warn("store: cannot read back the last 24 h of deliveries yet (the first webhook "
                 "will): {}",
                 s.error().message);
  }
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

void AsyncStore::resume_waiters(std::vector<PendingDelivery>& batch,
                                std::vector<Result<InsertedDelivery>> results) {
  struct Resumption {
    DeliveryHandler handler;
    Result<InsertedDelivery> result;
  };
  std::vector<bool> resumed(batch.size(), false);
  for (std::size_t first = 0; first < batch.size(); ++first) {
    if (resumed[first]) continue;
    const net::any_io_executor executor = batch[first].waiter.executor;
    std::vector<Resumption> group;
    for (std::size_t i = first; i < batch.size(); ++i) {
      if (resumed[i] || batch[i].waiter.executor != executor) continue;
      group.push_back({std::move(batch[i].waiter.handler), std::move(results[i])});
      resumed[i] = true;
    }
    net::post(executor, [group = std::move(group)]() mutable {
      for (auto& r : group) std::move(r.handler)(std::move(r.result));
    });
  }
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
  const std::size_t admitted = jobs.size() + batch.size();
  // Deliveries first: a call sees every delivery that was waiting with it,
  // in particular any webhook stored before the call was made (the sweep's
  // check for issues never seen must not miss one committed alongside it).
  if (!batch.empty()) {
    jobs.insert(jobs.begin(), std::make_unique<DeliveryBatchJob>(std::move(batch)));
  }
  const auto committed = run_in_transactions(jobs);
  pending_deliveries_.store(store_.pending_delivery_count());
  queued_.fetch_sub(admitted);
  for (std::size_t i = 0; i < jobs.size(); ++i) jobs[i]->complete(committed[i]);
  // After the group's waiters are answered: a spill is its own transaction.
  if (auto spilled = store_.spill_recent_keys(); spilled) {
    replay_keys_spilled_ += *spilled;
  } else {
    spdlog::warn("store: cannot move the oldest replay-window keys from memory to the spill table "
                 "(retried after the next commit): {}",
                 spilled.error().message);
  }
}

// Runs the jobs inside as few transactions as possible, normally one; returns
// the commit that made each job's work durable. Should SQLite roll the
// transaction back by itself (disk full, I/O error), the jobs run in it so
// far get that error and the rest start a new one. Without any transaction
// (the lock is held elsewhere too long) each job still commits on its own.
std::vector<Status> AsyncStore::run_in_transactions(std::vector<std::unique_ptr<Job>>& jobs) {
  auto& db = store_.database();
  std::vector<Status> committed(jobs.size());
  std::size_t first = 0;  // first job of the open transaction
  bool open = db.run("BEGIN IMMEDIATE").ok();
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    jobs[i]->run(store_);
    if (!open || db.in_transaction()) continue;
    const Status lost = make_error("store.io", "the store rolled back a transaction (disk full?)");
    for (std::size_t j = first; j <= i; ++j) committed[j] = lost;
    first = i + 1;
    open = db.run("BEGIN IMMEDIATE").ok();
  }
  if (open) {
    Status status = db.run("COMMIT");
    if (!status) (void)db.run("ROLLBACK");
    for (std::size_t j = first; j < jobs.size(); ++j) committed[j] = status;
  }
  return committed;
}

void AsyncStore::DeliveryBatchJob::run(Store& store) {
  std::vector<NewDelivery> rows;
  rows.reserve(batch.size());
  for (auto& p : batch) rows.push_back(std::move(*p.delivery));
  out.emplace(store.insert_deliveries(rows));
}

void AsyncStore::DeliveryBatchJob::complete(const Status& committed) {
  std::vector<Result<InsertedDelivery>> results;
  results.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    results.push_back(!committed ? Result<InsertedDelivery>(committed.error())
                      : !*out    ? Result<InsertedDelivery>(out->error())
                                 : Result<InsertedDelivery>((**out)[i]));
  }
  resume_waiters(batch, std::move(results));
}

void AsyncStore::DeliveryBatchJob::refuse(Error error) {
  resume_waiters(batch, std::vector<Result<InsertedDelivery>>(batch.size(), error));
}

}  // namespace autofixd::store
