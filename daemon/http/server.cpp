#include "http/server.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

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

// Out of file descriptors: accepting again at once would spin.
constexpr auto kAcceptBackoffFirst = std::chrono::milliseconds(50);
constexpr auto kAcceptBackoffMax = std::chrono::seconds(1);

std::string remote_of(const tcp::socket& socket) {
  beast::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  return ec ? "?" : peer.address().to_string() + ":" + std::to_string(peer.port());
}

std::string ip_of(const tcp::socket& socket) {
  beast::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  return ec ? "?" : peer.address().to_string();
}

bool out_of_descriptors(const beast::error_code& ec) {
  return ec == net::error::no_descriptors || ec.value() == ENFILE ||
         ec == net::error::no_buffer_space || ec == net::error::no_memory;
}

// A session's entry in the connection list (and its peer's count), for as
// long as the session runs.
class Tracked {
 public:
  Tracked(detail::ServerState& state, beast::tcp_stream& lowest, std::string ip)
      : state_(state),
        it_(state.connections.insert(state.connections.end(),
                                     detail::Connection{&lowest, std::move(ip)})) {
    ++state_.per_ip[it_->ip];
  }
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
  ~Tracked() {
    if (auto peer = state_.per_ip.find(it_->ip);
        peer != state_.per_ip.end() && --peer->second == 0) {
      state_.per_ip.erase(peer);
    }
    state_.connections.erase(it_);
  }
  detail::Connection& operator*() const { return *it_; }

 private:
  detail::ServerState& state_;
  std::list<detail::Connection>::iterator it_;
};

// The connection idle longest (between requests, or not yet sending a
// complete head), or null when every one is busy.
detail::Connection* longest_idle(std::list<detail::Connection>& connections) {
  detail::Connection* oldest = nullptr;
  for (auto& conn : connections) {
    if (conn.idle && (oldest == nullptr || conn.idle_since < oldest->idle_since)) oldest = &conn;
  }
  return oldest;
}

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
  void refuse_later(tcp::socket socket, std::string code, std::string message);
  net::awaitable<void> refuse(tcp::socket socket, Rejection busy);
};

net::awaitable<void> Server::Impl::accept_loop() {
  net::steady_timer backoff(acceptor.get_executor());
  auto wait = kAcceptBackoffFirst;
  while (!state.stopping) {
    auto [ec, socket] = co_await acceptor.async_accept(kTuple);
    if (ec) {
      if (state.stopping || ec == net::error::operation_aborted) break;
      if (!out_of_descriptors(ec)) {
        spdlog::warn("http: accept failed: {}", ec.message());
        continue;
      }
      // The pending connection stays in the kernel's queue; try again later.
      if (wait == kAcceptBackoffFirst) {
        spdlog::error(
            "http: accept failed: {}; accepting again in {} ms (raise LimitNOFILE or "
            "lower max_connections)",
            ec.message(), wait.count());
      }
      backoff.expires_after(wait);
      co_await backoff.async_wait(kTuple);
      wait = std::min<std::chrono::milliseconds>(wait * 2, kAcceptBackoffMax);
      continue;
    }
    wait = kAcceptBackoffFirst;
    const std::string ip = ip_of(socket);
    if (auto peer = state.per_ip.find(ip);
        peer != state.per_ip.end() && peer->second >= state.config.max_connections_per_ip) {
      ++state.stats.connections_refused;
      refuse_later(std::move(socket), "too_many_connections_from_address",
                   "this address holds server.max_connections_per_ip connections; retry later");
      continue;
    }
    if (state.connections.size() >= state.config.max_connections) {
      // An idle keep-alive connection makes room; only when all are busy is
      // the new one refused.
      if (detail::Connection* idle = longest_idle(state.connections)) {
        ++state.stats.idle_connections_closed;
        idle->idle = false;  // not chosen twice
        idle->tcp->cancel();
        beast::error_code ignored;
        idle->tcp->socket().close(ignored);
      } else {
        ++state.stats.connections_refused;
        refuse_later(std::move(socket), "too_many_connections",
                     "connection limit reached (server.max_connections); retry later");
        continue;
      }
    }
    ++state.stats.connections_accepted;
    // Sessions are tracked in `connections`; run() waits for them on shutdown.
    net::co_spawn(acceptor.get_executor(), session(std::move(socket)), net::detached);
  }
}

// Plain HTTP gets a 503 saying why (bounded: past kMaxRefusing the socket
// is just closed). TLS is closed at once: a handshake costs more than the
// answer is worth to someone holding every slot.
void Server::Impl::refuse_later(tcp::socket socket, std::string code, std::string message) {
  if (tls || state.refusing >= kMaxRefusing) {
    beast::error_code ignored;
    socket.close(ignored);
    return;
  }
  ++state.refusing;
  net::co_spawn(acceptor.get_executor(),
                refuse(std::move(socket), Rejection{503, std::move(code), std::move(message)}),
                net::detached);
}

net::awaitable<void> Server::Impl::refuse(tcp::socket socket, Rejection busy) {
  beast::tcp_stream stream(std::move(socket));
  stream.expires_after(kRefuseTime);
  co_await detail::reject(stream, busy);
  --state.refusing;
}

net::awaitable<void> Server::Impl::session(tcp::socket socket) {
  const std::string remote = remote_of(socket);
  const std::string ip = ip_of(socket);
  const auto context = tls;
  beast::flat_buffer buffer(detail::read_buffer_limit(state.config));
  try {
    if (!context) {
      beast::tcp_stream stream(std::move(socket));
      const Tracked conn(state, stream, ip);
      stream.expires_after(state.config.header_timeout);
      co_await detail::serve(state, stream, buffer, *conn, remote);
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    } else {
      TlsStream stream(std::move(socket), *context);
      const Tracked conn(state, beast::get_lowest_layer(stream), ip);
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

void Server::set_head_gate(HeadGate gate) { impl_->state.head_gate = std::move(gate); }

Result<std::string> Server::listen(std::optional<int> inherited) {
  auto& cfg = impl_->state.config;
  if (!cfg.tls.cert_file.empty()) {
    auto context = make_tls_context(cfg.tls);
    if (!context) return context.error();
    impl_->tls = std::move(*context);
  }
  const std::string where = cfg.listen_host + ":" + std::to_string(cfg.listen_port);
  auto& acceptor = impl_->acceptor;
  beast::error_code ec;
  if (inherited) {
    sockaddr_storage local{};
    socklen_t size = sizeof local;
    ::getsockname(*inherited, reinterpret_cast<sockaddr*>(&local), &size);
    acceptor.assign(local.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), *inherited, ec);
    if (ec) {
      return make_error("http.listen", "cannot accept on the socket systemd passed (fd " +
                                           std::to_string(*inherited) + ") for " + where + ": " +
                                           ec.message());
    }
  } else {
    const auto address = net::ip::make_address(cfg.listen_host, ec);
    if (ec) return make_error("http.listen", "cannot listen on " + where + ": bad address");
    const tcp::endpoint endpoint(address, cfg.listen_port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return make_error("http.listen", "cannot listen on " + where + ": " + ec.message());
  }
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
  // Idle keep-alive connections close; one still sending its first request
  // may have waited in the listen queue through a restart (socket
  // activation), so it is answered, within header_timeout and the drain.
  for (auto& conn : impl_->state.connections) {
    if (conn.idle && conn.answered) conn.tcp->cancel();
  }
}

ServerStats Server::stats() const {
  auto s = impl_->state.stats;
  s.connections_open = impl_->state.connections.size();
  return s;
}

}  // namespace autofixd::http
