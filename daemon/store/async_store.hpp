#pragma once
// The network thread's view of the store. Every call runs on the store's own
// thread and resumes the awaiting coroutine on its own executor, so the
// network thread never blocks on SQLite.
//
// Group commit: the calls and deliveries that queue up while the store
// thread is busy run together inside one transaction, and none of them
// resumes before it is committed (one fsync for the group). The group's
// deliveries are stored first, so each call sees every delivery queued
// before it. A call's own
// Transaction becomes a savepoint there, so a call that fails still leaves
// nothing behind, and a call that succeeded is durable when it resumes. If
// the group's commit fails, every call in it gets that error.
//
// GCC 12: a lambda (or any braced temporary) with non-trivially-copyable
// members must not be a temporary inside a co_await expression: GCC copies
// it bitwise into the coroutine frame, so a moved std::string keeps pointing
// into the old object. Name the lambda first:
//   auto job = [row](Store& s) { return s.save_run(row); };
//   auto saved = co_await store.call(std::move(job));
//
// Bounded: at most `max_queued` calls may wait at once; beyond that a call
// fails at once with "store.overloaded" (the webhook answers 503).

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <mutex>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/associated_executor.hpp>

#include "store/checkpointer.hpp"
#include "store/store.hpp"

namespace autofixd::store {

namespace net = boost::asio;

class AsyncStore {
 public:
  // Takes ownership of an opened store; starts the store thread and (for a
  // store on disk) the checkpoint thread, see Checkpointer.
  explicit AsyncStore(Store store, std::size_t max_queued = 10'000);
  AsyncStore(const AsyncStore&) = delete;
  AsyncStore& operator=(const AsyncStore&) = delete;
  // Finishes queued calls, then joins the store thread.
  ~AsyncStore();

  // Runs `fn(Store&)` on the store thread. `fn` must return a Result<T> or
  // Status. An exception thrown by `fn` becomes an error "store.exception".
  template <typename F>
  auto call(F fn) {
    using R = std::invoke_result_t<F, Store&>;
    // GCC 12 miscompiles coroutine parameters of class type with non-trivial
    // moves (a moved string can keep pointing into the old frame), and
    // use_awaitable's initiation is such a coroutine. So only a trivially
    // copyable pointer crosses it; the job owns the function object.
    auto* fn_ptr = new F(std::move(fn));
    return net::async_initiate<decltype(net::use_awaitable), void(R)>(
        [this, fn_ptr](auto handler) {
          std::unique_ptr<F> owned(fn_ptr);
          using Handler = decltype(handler);
          enqueue(std::make_unique<TypedJob<F, Handler, R>>(std::move(*owned),
                                                            std::move(handler)));
        },
        net::use_awaitable);
  }

  // Stores one delivery, durably, sharing the transaction (and its fsync)
  // with every other delivery that arrives while the store thread is busy:
  // group commit. Resumes once the delivery's batch is committed.
  // Errors: as Store::insert_deliveries, or "store.overloaded".
  auto insert_delivery(NewDelivery delivery) {
    // Only a pointer crosses use_awaitable's initiation (see call()).
    auto* item = new NewDelivery(std::move(delivery));
    return net::async_initiate<decltype(net::use_awaitable), void(Result<InsertedDelivery>)>(
        [this, item](auto handler) {
          net::any_io_executor resume_on = net::get_associated_executor(handler);
          enqueue_delivery(std::unique_ptr<NewDelivery>(item),
                           {DeliveryHandler(std::move(handler)), resume_on});
        },
        net::use_awaitable);
  }

  // Calls waiting or running now.
  std::size_t queued() const { return queued_.load(); }
  // Deliveries committed and not yet processed (Store::pending_delivery_count
  // as of the last call that finished). Any thread.
  std::int64_t pending_deliveries() const { return pending_deliveries_.load(); }
  // Deliveries whose replay keys went from memory to the spill table
  // (store/body_digests.hpp; [store] replay_keys_in_memory reached within
  // 24 h). Any thread.
  std::uint64_t replay_keys_spilled() const { return replay_keys_spilled_.load(); }

 private:
  using DeliveryHandler = net::any_completion_handler<void(Result<InsertedDelivery>)>;
  struct Waiter {
    DeliveryHandler handler;
    net::any_io_executor executor;  // where the awaiting coroutine resumes
  };
  struct PendingDelivery {
    std::unique_ptr<NewDelivery> delivery;
    Waiter waiter;
  };

  // A queued call: run on the store thread, completed after the group commit.
  struct Job {
    virtual ~Job() = default;
    virtual void run(Store& store) = 0;
    // `committed`: the group's commit; an error replaces a successful result.
    virtual void complete(const Status& committed) = 0;
    virtual void refuse(Error error) = 0;
  };

  template <typename F, typename Handler, typename R>
  struct TypedJob final : Job {
    TypedJob(F f, Handler h) : fn(std::move(f)), handler(std::move(h)) {}
    void run(Store& store) override {
      try {
        out.emplace(fn(store));
      } catch (const std::exception& e) {
        out.emplace(make_error("store.exception", e.what()));
      }
    }
    void complete(const Status& committed) override {
      if (!committed && out->ok()) out.emplace(committed.error());
      resume(std::move(handler), std::move(*out));
    }
    void refuse(Error error) override { resume(std::move(handler), R(std::move(error))); }
    F fn;
    Handler handler;
    std::optional<R> out;
  };

  static void resume_waiter(Waiter waiter, Result<InsertedDelivery> result);
  // Resumes every waiter of a batch, with one post per executor rather than
  // one per waiter: each post to another thread can wake it.
  static void resume_waiters(std::vector<PendingDelivery>& batch,
                             std::vector<Result<InsertedDelivery>> results);
  // The deliveries of a group: one insert_deliveries call (one savepoint).
  struct DeliveryBatchJob final : Job {
    explicit DeliveryBatchJob(std::vector<PendingDelivery> b) : batch(std::move(b)) {}
    void run(Store& store) override;
    void complete(const Status& committed) override;
    void refuse(Error error) override;
    std::vector<PendingDelivery> batch;
    std::optional<Result<std::vector<InsertedDelivery>>> out;
  };

  void enqueue(std::unique_ptr<Job> job);
  void enqueue_delivery(std::unique_ptr<NewDelivery> delivery, Waiter waiter);
  bool admit();
  Error overloaded() const;
  void schedule_group();
  void run_group();
  std::vector<Status> run_in_transactions(std::vector<std::unique_ptr<Job>>& jobs);

  // Resumes the waiting coroutine on its own executor.
  template <typename Handler, typename R>
  static void resume(Handler handler, R result) {
    auto executor = net::get_associated_executor(handler);
    net::post(executor, [h = std::move(handler), r = std::move(result)]() mutable {
      std::move(h)(std::move(r));
    });
  }

  Store store_;
  net::thread_pool pool_{1};
  std::size_t max_queued_;
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::int64_t> pending_deliveries_{0};
  std::atomic<std::uint64_t> replay_keys_spilled_{0};
  std::unique_ptr<Checkpointer> checkpointer_;  // null: SQLite's own checkpoints
  std::mutex mutex_;
  std::vector<std::unique_ptr<Job>> jobs_;  // guarded by mutex_
  std::vector<PendingDelivery> batch_;      // guarded by mutex_
  bool group_scheduled_ = false;            // guarded by mutex_
};

}  // namespace autofixd::store
