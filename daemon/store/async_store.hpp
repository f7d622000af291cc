#pragma once
// The network thread's view of the store. Every call runs on the store's own
// thread and resumes the awaiting coroutine on its own executor, so the
// network thread never blocks on SQLite.
//
// Bounded: at most `max_queued` calls may wait at once; beyond that a call
// fails at once with "store.overloaded" (the webhook answers 503).

#include <atomic>
#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/associated_executor.hpp>

#include "store/store.hpp"

namespace autofixd::store {

namespace net = boost::asio;

class AsyncStore {
 public:
  // Takes ownership of an opened store; starts the store thread.
  explicit AsyncStore(Store store, std::size_t max_queued = 10'000);
  AsyncStore(const AsyncStore&) = delete;
  AsyncStore& operator=(const AsyncStore&) = delete;
  // Finishes queued calls, then joins the store thread.
  ~AsyncStore();

  // Runs `fn(Store&)` on the store thread. `fn` must return a Result<T> or
  // Status. An exception thrown by `fn` becomes an error "store.exception".
  template <typename F>
  auto call(F fn) -> net::awaitable<std::invoke_result_t<F, Store&>> {
    using R = std::invoke_result_t<F, Store&>;
    if (queued_.fetch_add(1) >= max_queued_) {
      queued_.fetch_sub(1);
      co_return R(make_error("store.overloaded", "store queue is full (" +
                                                     std::to_string(max_queued_) + " waiting)"));
    }
    auto executor = co_await net::this_coro::executor;
    std::optional<R> out;
    co_await net::async_initiate<decltype(net::use_awaitable), void()>(
        [&](auto handler) {
          net::post(pool_, [this, &fn, &out, executor, h = std::move(handler)]() mutable {
            out.emplace(invoke_safely<R>(fn));
            queued_.fetch_sub(1);
            auto target = net::get_associated_executor(h, executor);
            net::post(target, std::move(h));
          });
        },
        net::use_awaitable);
    co_return std::move(*out);
  }

  // Calls waiting or running now.
  std::size_t queued() const { return queued_.load(); }

 private:
  template <typename R, typename F>
  R invoke_safely(F& fn) {
    try {
      return fn(store_);
    } catch (const std::exception& e) {
      return R(make_error("store.exception", e.what()));
    }
  }

  Store store_;
  net::thread_pool pool_{1};
  std::size_t max_queued_;
  std::atomic<std::size_t> queued_{0};
};

}  // namespace autofixd::store
