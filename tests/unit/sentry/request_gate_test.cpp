#include "sentry/request_gate.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace autofixd::sentry {
namespace {

namespace net = boost::asio;

// A timer-driven check of the async semaphore: no sockets involved.
TEST(RequestGate, NeverAdmitsMoreThanMaxInFlight) {
  net::io_context io;
  RequestGate gate(io.get_executor(), 2, 1e6, 1e6);
  int in_flight = 0;
  int peak = 0;
  int done = 0;
  for (int i = 0; i < 6; ++i) {
    net::co_spawn(
        io,
        [&]() -> net::awaitable<void> {
          auto permit = co_await gate.enter();
          EXPECT_TRUE(permit.ok());
          peak = std::max(peak, ++in_flight);
          net::steady_timer hold(io, std::chrono::milliseconds(5));
          co_await hold.async_wait(net::use_awaitable);
          --in_flight;
          ++done;
        },
        [](std::exception_ptr e) { EXPECT_FALSE(e); });
  }
  io.run();
  EXPECT_EQ(done, 6);
  EXPECT_EQ(peak, 2);
  EXPECT_EQ(gate.in_flight(), 0u);
  EXPECT_EQ(gate.waiting(), 0u);
}

}  // namespace
}  // namespace autofixd::sentry
