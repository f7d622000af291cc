#pragma once
// Tracks spawned coroutines so their owner can wait for all of them (e.g. a
// batch of run steps, or shutdown). Every task's exception is caught and
// logged with the task's name: nothing is fire-and-forget. Network thread only.

#include <cstddef>
#include <exception>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace autofixd {

namespace net = boost::asio;

class TaskGroup {
 public:
  explicit TaskGroup(net::any_io_executor executor)
      : executor_(executor), idle_(executor, net::steady_timer::time_point::max()) {}

  void spawn(std::string name, net::awaitable<void> task) {
    ++running_;
    net::co_spawn(executor_, std::move(task),
                  [this, name = std::move(name)](std::exception_ptr error) {
                    if (error) {
                      try {
                        std::rethrow_exception(error);
                      } catch (const std::exception& e) {
                        spdlog::error("{} failed: {}", name, e.what());
                      }
                    }
                    if (--running_ == 0) idle_.cancel();
                  });
  }

  // Resumes when no spawned task is running.
  net::awaitable<void> wait() {
    while (running_ > 0) {
      idle_.expires_at(net::steady_timer::time_point::max());
      co_await idle_.async_wait(net::as_tuple(net::use_awaitable));
    }
  }

  std::size_t running() const { return running_; }

 private:
  net::any_io_executor executor_;
  net::steady_timer idle_;
  std::size_t running_ = 0;
};

// A sleep that another coroutine can cut short with notify(); a notify that
// arrives while the sleeper is busy is remembered, so no wake-up is lost.
class Waker {
 public:
  explicit Waker(net::any_io_executor executor) : timer_(executor) {}

  void notify() {
    notified_ = true;
    timer_.cancel();
  }

  template <typename TimePoint>
  net::awaitable<void> sleep_until(TimePoint deadline) {
    if (notified_) {
      notified_ = false;
      co_return;
    }
    timer_.expires_at(deadline);
    co_await timer_.async_wait(net::as_tuple(net::use_awaitable));
    notified_ = false;
  }

 private:
  net::steady_timer timer_;
  bool notified_ = false;
};

}  // namespace autofixd
