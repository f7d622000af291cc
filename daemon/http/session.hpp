#pragma once
// Internal to http/: the per-connection code, one template for plain TCP and
// TLS streams (Beast's tcp_stream and ssl_stream<tcp_stream>), and the state
// the listener shares with it. Network thread only.

#include <chrono>
#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>
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
  std::string ip;                    // the peer's address, for max_connections_per_ip
  bool idle = true;                  // between requests (or before the first)
  bool answered = false;             // has served a request (keep-alive)
  std::chrono::steady_clock::time_point idle_since = std::chrono::steady_clock::now();
};

struct ServerState {
  ServerState(config::ServerConfig config_, Handler handler_)
      : config(std::move(config_)), handler(std::move(handler_)) {}

  config::ServerConfig config;
  Handler handler;
  HeadGate head_gate;
  bool stopping = false;
  std::list<Connection> connections;
  std::unordered_map<std::string, std::size_t> per_ip;  // open connections by peer address
  std::size_t refusing = 0;                             // refuse() coroutines in flight
  ServerStats stats;
};

// The most a connection's read buffer may hold: a head, the largest body,
// and room for chunk framing (chunk-size lines, extensions, trailers).
std::size_t read_buffer_limit(const config::ServerConfig& config);

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
