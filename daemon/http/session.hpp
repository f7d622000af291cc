#pragma once
// Internal to http/: the per-connection code, one template for plain TCP and
// TLS streams (Beast's tcp_stream and ssl_stream<tcp_stream>), and the state
// the listener shares with it. Network thread only.

#include <cstddef>
#include <list>
#include <string>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "config/config.hpp"
#include "http/head_checks.hpp"
#include "http/server.hpp"

namespace autofixd::http::detail {

namespace beast = boost::beast;

struct Connection {
  beast::tcp_stream* tcp = nullptr;  // the lowest layer, also under TLS
  bool idle = true;                  // between requests (or before the first)
};

struct ServerState {
  ServerState(config::ServerConfig config_, Handler handler_)
      : config(std::move(config_)), handler(std::move(handler_)) {}

  config::ServerConfig config;
  Handler handler;
  bool stopping = false;
  std::list<Connection> connections;
  std::size_t refusing = 0;  // refuse() coroutines in flight
  ServerStats stats;
};

// Serves requests on `stream` until the peer closes, a timeout, an error
// answer, or shutdown. The caller has set the first request's deadline
// (header_timeout) on the lowest layer; `buffer` may hold bytes already read.
template <class Stream>
net::awaitable<void> serve(ServerState& state, Stream& stream, beast::flat_buffer& buffer,
                           Connection& conn, const std::string& remote);

// Answers `rejection`, then closes without resetting: the TCP send side is
// shut, and what the client still sends is read and dropped for a moment
// (below TLS: the answer is on its way, nothing more is decrypted).
template <class Stream>
net::awaitable<void> reject(Stream& stream, const Rejection& rejection);

}  // namespace autofixd::http::detail
