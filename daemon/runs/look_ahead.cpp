#include "runs/look_ahead.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace autofixd::runs {

LookAhead::LookAhead(net::any_io_executor executor, std::size_t width, std::size_t size,
                     std::vector<std::size_t> indexes, Work work)
    : width_(std::max<std::size_t>(width, 1)), indexes_(std::move(indexes)),
      work_(std::move(work)), pending_(size, false),
      progress_(executor, net::steady_timer::time_point::max()), workers_(executor) {
  for (const std::size_t i : indexes_) pending_[i] = true;
}

void LookAhead::start() {
  const std::size_t n = std::min(width_, indexes_.size());
  for (std::size_t w = 0; w < n; ++w) workers_.spawn("look-ahead", worker());
}

net::awaitable<void> LookAhead::worker() {
  while (!stopped_ && next_ < indexes_.size()) {
    const std::size_t index = indexes_[next_++];
    co_await work_(index);
    pending_[index] = false;
    progress_.cancel();
  }
}

net::awaitable<void> LookAhead::done(std::size_t index) {
  while (index < pending_.size() && pending_[index] && workers_.running() > 0) {
    progress_.expires_at(net::steady_timer::time_point::max());
    co_await progress_.async_wait(net::as_tuple(net::use_awaitable));
  }
}

net::awaitable<void> LookAhead::finish() {
  stopped_ = true;
  co_await workers_.wait();
}

}  // namespace autofixd::runs
