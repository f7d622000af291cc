#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>

#include "http/session.hpp"
#include "http/tls_context.hpp"

namespace autofixd::http {
namespace {

namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);
// Connections over max_connections being answered 503 at the same time.
constexpr std::size_t kMaxRefusing = 64;
constexpr auto kRefuseTime = std::chrono::seconds(1);
// How long a TLS connection that ends waits for the peer's close_notify.
constexpr auto kCloseNotifyTime = std::chrono::milliseconds(500);

std::string remote_of(const tcp::socket& socket) {
  beast::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  return ec ? "?" : peer.address().to_string() + ":" + std::to_string(peer.port());
}

// A session's entry in the connection list, for as long as the session runs.
class Tracked {
 public:
  Tracked(std::list<detail::Connection>& list, beast::tcp_stream& lowest)
      : list_(list), it_(list.insert(list.end(), detail::Connection{&lowest, true})) {}
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
  ~Tracked() { list_.erase(it_); }
  detail::Connection& operator*() const { return *it_; }

 private:
  std::list<detail::Connection>& list_;
  std::list<detail::Connection>::iterator it_;
};

}  // namespace

struct Server::Impl {
  Impl(net::io_context& ioc, config::ServerConfig cfg, Handler h)
      : acceptor(ioc), state(std::move(cfg), std::move(h)) {}

  tcp::acceptor acceptor;
  detail::ServerState state;
  // Copied by each new connection, so a reload never pulls it from under one.
  std::shared_ptr<ssl::context> tls;

  net::awaitable<void> accept_loop();
  net::awaitable<void> session(tcp::socket socket);
  net::awaitable<void> serve_tls(TlsStream& stream, beast::flat_buffer& buffer,
                                 detail::Connection& conn, const std::string& remote);
  net::awaitable<void> refuse(tcp::socket socket, std::shared_ptr<ssl::context> context);
};

net::awaitable<void> Server::Impl::accept_loop() {
  while (!state.stopping) {
    auto [ec, socket] = co_await acceptor.async_accept(kTuple);
    if (ec) {
      if (state.stopping || ec == net::error::operation_aborted) break;
      spdlog::warn("http: accept failed: {}", ec.message());
      continue;
    }
    if (state.connections.size() >= state.config.max_connections) {
      ++state.stats.connections_refused;
      // Answering 503 is a courtesy with its own bound; past it, just close.
      if (state.refusing >= kMaxRefusing) continue;
      ++state.refusing;
      net::co_spawn(acceptor.get_executor(), refuse(std::move(socket), tls), net::detached);
      continue;
    }
    ++state.stats.connections_accepted;
    // Sessions are tracked in `connections`; run() waits for them on shutdown.
    net::co_spawn(acceptor.get_executor(), session(std::move(socket)), net::detached);
  }
}

net::awaitable<void> Server::Impl::refuse(tcp::socket socket,
                                          std::shared_ptr<ssl::context> context) {
  const Rejection busy{503, "too_many_connections",
                               "connection limit reached (server.max_connections); retry later"};
  if (!context) {
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(kRefuseTime);
    co_await detail::reject(stream, busy);
  } else {
    TlsStream stream(std::move(socket), *context);
    beast::get_lowest_layer(stream).expires_after(kRefuseTime);
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kTuple);
    if (!ec) co_await detail::reject(stream, busy);
  }
  --state.refusing;
}

net::awaitable<void> Server::Impl::session(tcp::socket socket) {
  const std::string remote = remote_of(socket);
  const auto context = tls;
  beast::flat_buffer buffer;
  try {
    if (!context) {
      beast::tcp_stream stream(std::move(socket));
      const Tracked conn(state.connections, stream);
      stream.expires_after(state.config.header_timeout);
      co_await detail::serve(state, stream, buffer, *conn, remote);
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    } else {
      TlsStream stream(std::move(socket), *context);
      const Tracked conn(state.connections, beast::get_lowest_layer(stream));
      // One deadline for the handshake and the first request's head.
      beast::get_lowest_layer(stream).expires_after(state.config.header_timeout);
      co_await serve_tls(stream, buffer, *conn, remote);
    }
  } catch (const std::exception& e) {
    spdlog::error("http: connection {}: {}", remote, e.what());
  }
}

// Plain HTTP sent to the TLS port gets a plain 400 saying so; a failed
// handshake is closed without an answer.
net::awaitable<void> Server::Impl::serve_tls(TlsStream& stream, beast::flat_buffer& buffer,
                                             detail::Connection& conn, const std::string& remote) {
  auto& lowest = beast::get_lowest_layer(stream);
  auto [ec, is_tls] = co_await beast::async_detect_ssl(lowest, buffer, kTuple);
  if (ec) co_return;
  if (!is_tls) {
    ++state.stats.rejected_by_parser;
    spdlog::info("http: {} rejected with 400: plain HTTP sent to the TLS port", remote);
    const Rejection plain{400, "tls_required",
                                  "this port serves HTTPS only ([server.tls]); use https://"};
    co_await detail::reject(lowest, plain);
    co_return;
  }
  auto [hec, used] =
      co_await stream.async_handshake(ssl::stream_base::server, buffer.data(), kTuple);
  if (hec) {
    spdlog::info("http: {} TLS handshake failed: {}", remote, hec.message());
    co_return;
  }
  buffer.consume(used);
  co_await detail::serve(state, stream, buffer, conn, remote);
  if (!lowest.socket().is_open()) co_return;
  // close_notify, so the client can tell our close from a truncation.
  lowest.expires_after(kCloseNotifyTime);
  // Its outcome changes nothing: the connection is closed either way.
  auto [shutdown_ec] = co_await stream.async_shutdown(kTuple);
  (void)shutdown_ec;
  beast::error_code ignored;
  lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

Server::Server(net::io_context& ioc, config::ServerConfig config, Handler handler)
    : impl_(std::make_unique<Impl>(ioc, std::move(config), std::move(handler))) {}

Server::~Server() = default;

Result<std::string> Server::listen() {
  auto& cfg = impl_->state.config;
  if (!cfg.tls.cert_file.empty()) {
    auto context = make_tls_context(cfg.tls);
    if (!context) return context.error();
    impl_->tls = std::move(*context);
  }
  const std::string where = cfg.listen_host + ":" + std::to_string(cfg.listen_port);
  beast::error_code ec;
  const auto address = net::ip::make_address(cfg.listen_host, ec);
  if (ec) return make_error("http.listen", "cannot listen on " + where + ": bad address");
  const tcp::endpoint endpoint(address, cfg.listen_port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return make_error("http.listen", "cannot listen on " + where + ": " + ec.message());
  const auto bound = acceptor.local_endpoint(ec);
  const auto host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                            : bound.address().to_string();
  return host + ":" + std::to_string(bound.port());
}

bool Server::tls() const { return impl_->tls != nullptr; }

Status Server::reload_tls(const config::ServerTls& tls) {
  if (!impl_->tls || tls.cert_file.empty()) {
    return make_error("http.tls", "[server.tls] can be turned on or off only by a restart");
  }
  auto context = make_tls_context(tls);
  if (!context) return context.error();
  impl_->tls = std::move(*context);
  impl_->state.config.tls = tls;
  return {};
}

std::uint16_t Server::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

net::awaitable<void> Server::run(Millis drain) {
  co_await impl_->accept_loop();
  auto& state = impl_->state;
  // Drain: in-flight requests finish; idle connections were closed by stop().
  net::steady_timer timer(impl_->acceptor.get_executor());
  const auto deadline = std::chrono::steady_clock::now() + drain;
  while (!state.connections.empty() && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(kTuple);
  }
  for (auto& conn : state.connections) conn.tcp->socket().close();
  while (!state.connections.empty() || state.refusing > 0) {
    timer.expires_after(std::chrono::milliseconds(5));
    co_await timer.async_wait(kTuple);
  }
}

void Server::stop() {
  impl_->state.stopping = true;
  beast::error_code ec;
  impl_->acceptor.close(ec);
  for (auto& conn : impl_->state.connections) {
    if (conn.idle) conn.tcp->cancel();
  }
}

ServerStats Server::stats() const {
  auto s = impl_->state.stats;
  s.connections_open = impl_->state.connections.size();
  return s;
}

}  // namespace autofixd::http
