#include "sentry/request_gate.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace autofixd::sentry {

namespace {

Error cancelled() {
  return make_error("sentry.transient", "Sentry request cancelled while waiting for its turn");
}

}  // namespace

struct RequestGate::Waiter {
  explicit Waiter(const net::any_io_executor& executor)
      : timer(executor, net::steady_timer::time_point::max()) {}
  net::steady_timer timer;
  bool granted = false;  // set by release() before it wakes the waiter
};

RequestGate::Permit::Permit(Permit&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}

RequestGate::Permit& RequestGate::Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    if (gate_) gate_->release();
    gate_ = std::exchange(other.gate_, nullptr);
  }
  return *this;
}

RequestGate::Permit::~Permit() {
  if (gate_) gate_->release();
}

RequestGate::RequestGate(net::any_io_executor executor, std::size_t max_in_flight,
                         double requests_per_second, double burst)
    : executor_(std::move(executor)),
      max_in_flight_(std::max<std::size_t>(max_in_flight, 1)),
      limiter_(requests_per_second, burst, RateLimiter::Clock::now()) {}

RequestGate::~RequestGate() = default;

net::awaitable<Status> RequestGate::acquire_slot() {
  if (in_flight_ < max_in_flight_) {
    ++in_flight_;
    co_return Status{};
  }
  auto waiter = std::make_shared<Waiter>(executor_);
  waiters_.push_back(waiter);
  co_await waiter->timer.async_wait(net::as_tuple(net::use_awaitable));
  if (waiter->granted) co_return Status{};  // the releasing request handed us its slot
  std::erase(waiters_, waiter);
  co_return cancelled();
}

void RequestGate::release() {
  if (waiters_.empty()) {
    --in_flight_;
    return;
  }
  auto next = std::move(waiters_.front());
  waiters_.pop_front();
  next->granted = true;
  next->timer.cancel();
}

net::awaitable<Result<RequestGate::Permit>> RequestGate::enter() {
  if (auto slot = co_await acquire_slot(); !slot) co_return slot.error();
  Permit permit(this);
  auto delay = limiter_.reserve(RateLimiter::Clock::now());
  if (delay > RateLimiter::Duration::zero()) {
    net::steady_timer timer(executor_, delay);
    auto [ec] = co_await timer.async_wait(net::as_tuple(net::use_awaitable));
    if (ec) co_return cancelled();
  }
  co_return std::move(permit);
}

}  // namespace autofixd::sentry
