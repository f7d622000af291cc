#pragma once
// Drives the real SentryClient from a test: an io_context on the test's
// thread, a SentryConfig pointing at a FakeSentry, and run() to await one
// or several client calls to completion.

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "config/config.hpp"
#include "integration/fake_sentry.hpp"
#include "sentry/sentry_client.hpp"

namespace autofixd::testing {

inline config::SentryConfig sentry_config_for(const FakeSentry& fake) {
  config::SentryConfig config;
  config.base_url = fake.base_url();
  config.organization = fake.org();
  config.token = fake.token();
  config.ca_file = fake.ca_file();
  config.requests_per_second = 1000;
  config.max_concurrent_requests = 4;
  config.connect_timeout = std::chrono::milliseconds(3000);
  config.request_timeout = std::chrono::milliseconds(5000);
  return config;
}

class ClientHarness {
 public:
  explicit ClientHarness(const config::SentryConfig& config)
      : client_(std::make_unique<sentry::SentryClient>(io_.get_executor(), config)) {}

  sentry::SentryClient& client() { return *client_; }

  // Runs `make(client)` (returning an awaitable) to completion and returns
  // its result. Exceptions escaping the coroutine are rethrown here.
  template <typename Make>
  auto run(Make make) {
    using Awaitable = decltype(make(*client_));
    using T = typename Awaitable::value_type;
    std::optional<T> out;
    std::exception_ptr failure;
    boost::asio::co_spawn(
        io_,
        [&]() -> boost::asio::awaitable<void> { out.emplace(co_await make(*client_)); },
        [&](std::exception_ptr e) { failure = e; });
    io_.restart();
    io_.run();
    if (failure) std::rethrow_exception(failure);
    return std::move(*out);
  }

  // Runs `count` calls of `make(client)` concurrently; results in start order.
  template <typename Make>
  auto run_concurrently(int count, Make make) {
    using Awaitable = decltype(make(*client_));
    using T = typename Awaitable::value_type;
    std::vector<std::optional<T>> out(static_cast<std::size_t>(count));
    std::exception_ptr failure;
    for (int i = 0; i < count; ++i) {
      boost::asio::co_spawn(
          io_,
          [&, i]() -> boost::asio::awaitable<void> {
            out[static_cast<std::size_t>(i)].emplace(co_await make(*client_));
          },
          [&](std::exception_ptr e) { if (e) failure = e; });
    }
    io_.restart();
    io_.run();
    if (failure) std::rethrow_exception(failure);
    std::vector<T> results;
    for (auto& r : out) results.push_back(std::move(*r));
    return results;
  }

 private:
  boost::asio::io_context io_;
  std::unique_ptr<sentry::SentryClient> client_;
};

}  // namespace autofixd::testing
