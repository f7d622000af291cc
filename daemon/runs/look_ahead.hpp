#pragma once
// Runs one piece of work per listed index, at most `width` at a time, in
// the order listed, while its owner waits for them one by one, in any
// order. The processor uses it to assess the issues of a batch ahead of
// deciding them in order, so that the Sentry reads of several decisions are
// in flight at once (bounded by [sentry] max_concurrent_requests) instead
// of one after another. Network thread only.

#include <cstddef>
#include <functional>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "util/task_group.hpp"

namespace autofixd::runs {

class LookAhead {
 public:
  using Work = std::function<net::awaitable<void>(std::size_t index)>;

  // `indexes` are < `size`; the work for each runs once, in this order.
  LookAhead(net::any_io_executor executor, std::size_t width, std::size_t size,
            std::vector<std::size_t> indexes, Work work);
  // Destroy only after finish() returned.
  ~LookAhead() = default;
  LookAhead(const LookAhead&) = delete;
  LookAhead& operator=(const LookAhead&) = delete;

  // Starts the workers.
  void start();
  // Returns once the work for `index` is done; at once when it was never
  // listed, or after finish() when it never ran.
  net::awaitable<void> done(std::size_t index);
  // No further work starts; returns when none is running.
  net::awaitable<void> finish();

 private:
  net::awaitable<void> worker();

  std::size_t width_;
  std::vector<std::size_t> indexes_;
  Work work_;
  std::vector<bool> pending_;  // by index: listed and not done yet
  std::size_t next_ = 0;       // into indexes_
  bool stopped_ = false;
  net::steady_timer progress_;  // cancelled whenever a piece of work ends
  TaskGroup workers_;
};

}  // namespace autofixd::runs
