#pragma once
// Admission control for outgoing Sentry requests: at most `max_in_flight`
// requests at once (an async semaphore: waiters queue on timers, FIFO, no
// polling) and no faster than the token bucket allows.
//
// Threading: every member runs on the gate's executor, which must be single
// threaded (the network thread) or a strand.

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "sentry/rate_limiter.hpp"
#include "util/result.hpp"

namespace autofixd::sentry {

namespace net = boost::asio;

class RequestGate {
 public:
  // Held while a request is in flight; frees the slot when destroyed.
  class Permit {
   public:
    Permit() = default;
    Permit(Permit&& other) noexcept;
    Permit& operator=(Permit&& other) noexcept;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit();

   private:
    friend class RequestGate;
    explicit Permit(RequestGate* gate) : gate_(gate) {}
    RequestGate* gate_ = nullptr;
  };

  // max_in_flight >= 1 (0 is treated as 1); rate and burst as RateLimiter.
  RequestGate(net::any_io_executor executor, std::size_t max_in_flight,
              double requests_per_second, double burst);
  // Destroy only when no coroutine is suspended in enter().
  ~RequestGate();
  RequestGate(const RequestGate&) = delete;
  RequestGate& operator=(const RequestGate&) = delete;

  // Waits for a free slot, then for the next rate-limit token, and returns
  // the permit. Fails (code "sentry.transient", "cancelled") only when the
  // waiting coroutine is cancelled. The gate must outlive every permit.
  net::awaitable<Result<Permit>> enter();

  std::size_t in_flight() const { return in_flight_; }
  std::size_t waiting() const { return waiters_.size(); }

 private:
  struct Waiter;

  net::awaitable<Status> acquire_slot();
  void release();

  net::any_io_executor executor_;
  std::size_t max_in_flight_;
  std::size_t in_flight_ = 0;
  std::deque<std::shared_ptr<Waiter>> waiters_;
  RateLimiter limiter_;
};

}  // namespace autofixd::sentry
