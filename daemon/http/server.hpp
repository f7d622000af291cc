#pragma once
// The HTTP/1.1 listener: one coroutine per connection on the network thread,
// with the limits of [server] (header/body/idle timeouts, body size, header
// size, connection cap). Knows nothing about Sentry: it hands each complete
// request to a Handler and writes back the Response.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "config/config.hpp"
#include "http/head_checks.hpp"
#include "http/message.hpp"
#include "util/result.hpp"

namespace autofixd::http {

namespace net = boost::asio;

using Handler = std::function<net::awaitable<Response>(Request)>;
// Looks at a request's head before its body is read: a rejection is answered
// without reading (or holding memory for) the body.
using HeadGate = std::function<std::optional<Rejection>(const Head& head)>;

struct ServerStats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_refused = 0;      // over max_connections (all busy) or per address
  std::uint64_t idle_connections_closed = 0;  // to make room at max_connections
  std::uint64_t requests = 0;
  std::uint64_t rejected_by_parser = 0;   // 400/413/415/431 before the handler
  std::uint64_t rejected_for_memory = 0;  // 503: [server] max_body_memory in use
  std::size_t body_bytes_reserved = 0;    // bodies being read or handled now
  std::size_t connections_open = 0;
};

class Server {
 public:
  Server(net::io_context& ioc, config::ServerConfig config, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Set before run(): asked for every request's head before its body.
  void set_head_gate(HeadGate gate);

  // Loads [server.tls] when set, then binds listen_host:listen_port, or,
  // given `inherited` (a listening TCP socket systemd passed), accepts on
  // that one instead and owns it. Returns the "host:port" accepted on (the
  // real port when 0 was asked). Errors: "http.tls" naming the certificate
  // or key file (see make_tls_context), "http.listen" naming the address.
  Result<std::string> listen(std::optional<int> inherited = std::nullopt);
  std::uint16_t port() const;
  bool tls() const;  // serving HTTPS (after listen())

  // Loads `tls` afresh; connections accepted from now on use it, open ones
  // keep theirs. On error the current certificate stays. Errors: as
  // make_tls_context, or "http.tls" when TLS would be turned on or off
  // (only a restart does that). Network thread only.
  Status reload_tls(const config::ServerTls& tls);

  // Accepts until stop(); then waits (bounded by `drain`) for open
  // connections to finish their current request, and closes the rest.
  net::awaitable<void> run(Millis drain = Millis{5000});
  // Stops accepting; idle keep-alive connections are closed. Network thread only.
  void stop();

  ServerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace autofixd::http
