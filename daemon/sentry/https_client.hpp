#pragma once
// A small HTTP/1.1 client for one origin (the Sentry base URL), over TLS
// unless the URL says http. Beast stays in the .cpp files (pimpl).
//
// TLS: the peer certificate is always verified (system CA paths plus
// `ca_file` when given), and so is the host name (DNS name or IP literal in
// the certificate's SAN); SNI is sent for names.
// Keep-alive: up to `max_idle_connections` idle connections are kept and
// reused by GETs. A reused connection that turns out closed before any
// response byte arrived is replaced by a fresh one and the GET is sent once
// more. A POST always opens a fresh connection and is never re-sent: it may
// have been acted on, so the caller reconciles instead.
//
// Threading: construct and call on one single-threaded executor (the network
// thread). The client must outlive every request() in progress.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "sentry/http_response.hpp"
#include "util/result.hpp"

namespace autofixd::sentry {

namespace net = boost::asio;

struct ClientOptions {
  std::string base_url;  // "https://host[:port][/prefix]" or "http://..."
  std::string ca_file;   // extra trusted CAs (PEM), added to the system's
  std::chrono::milliseconds connect_timeout{10'000};  // resolve + connect + TLS handshake
  std::chrono::milliseconds request_timeout{30'000};  // write request + read response
  std::string user_agent = "autofixd/0.1";
  std::size_t max_idle_connections = 4;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  std::size_t max_header_bytes = 64 * 1024;
  // An idle connection older than this is closed rather than reused (servers
  // drop idle keep-alive connections; not racing them avoids most retries).
  std::chrono::milliseconds max_idle_time{20'000};
};

class HttpsClient {
 public:
  // Throws std::invalid_argument when base_url does not parse or ca_file
  // cannot be loaded: construction happens at start-up only.
  HttpsClient(net::any_io_executor executor, ClientOptions options);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Sends `method target` (target relative to the base URL, starting with
  // '/') with `body` and `headers`, adding Host, User-Agent and
  // Content-Length. Any HTTP status is a success here; the caller classifies.
  // Errors: code "sentry.transient", http_status 0, for every transport
  // failure (resolve, connect, TLS handshake or verification, timeout,
  // connection closed, response over the size limits); the message names
  // host:port and the step that failed. Header values are never put in
  // messages.
  net::awaitable<Result<HttpResponse>> request(std::string_view method, std::string target,
                                               std::string body, HeaderList headers);

  // Connections opened so far (for tests and metrics).
  std::size_t connections_opened() const;
  std::size_t idle_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace autofixd::sentry
