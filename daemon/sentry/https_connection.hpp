#pragma once
// One HTTP/1.1 connection to the Sentry origin, plain or TLS. Internal to
// HttpsClient; Beast lives only in https_connection.cpp.
//
// Threading: as HttpsClient (one single-threaded executor).

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "sentry/http_response.hpp"
#include "sentry/url.hpp"
#include "util/result.hpp"

namespace boost::asio::ssl {
class context;
}

namespace autofixd::sentry {

namespace net = boost::asio;

struct OutgoingRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // full request target, e.g. "/api/0/..."
  std::string host;    // Host header value
  std::string user_agent;
  std::string body;
  HeaderList headers;
};

struct ExchangeLimits {
  std::chrono::milliseconds timeout{30'000};
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  std::size_t max_header_bytes = 64 * 1024;
};

struct Exchange {
  Result<HttpResponse> response;
  // The request failed before any response byte arrived and not by timeout:
  // on a reused connection this means the server had closed it, so sending
  // again on a fresh connection is safe.
  bool nothing_received = false;
  bool keep_alive = false;  // the connection may carry another request
};

class Connection {
 public:
  // Resolves, connects and (when `tls` is not null) performs the TLS
  // handshake with certificate and host-name verification, all within
  // `timeout`. Errors: "sentry.transient" naming the step and host:port.
  static net::awaitable<Result<std::unique_ptr<Connection>>> open(
      net::any_io_executor executor, const BaseUrl& url, net::ssl::context* tls,
      std::chrono::milliseconds timeout);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Writes `request` and reads one response within `limits.timeout`.
  net::awaitable<Exchange> exchange(const OutgoingRequest& request, const ExchangeLimits& limits);

  // Closes the socket without a TLS close_notify (never blocks).
  void close();

 private:
  struct Impl;
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace autofixd::sentry
