#include "http/server.hpp"

#include "http/head_checks.hpp"

#include <array>
#include <list>
#include <optional>

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace autofixd::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
// After an error answer, unread request bytes are read and dropped for this
// long (at most kDrainBytes) before closing, so the client sees the answer
// instead of a reset.
constexpr auto kDrainTime = std::chrono::milliseconds(500);
constexpr std::size_t kDrainBytes = 256 * 1024;
// Connections over max_connections being answered 503 at the same time.
constexpr std::size_t kMaxRefusing = 64;
using RequestParser = bhttp::request_parser<bhttp::string_body>;

int status_for_parse_error(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::header_limit) return 431;
  return 400;
}

bhttp::response<bhttp::string_body> to_beast(const Response& r, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  res.set(bhttp::field::server, "autofixd");
  res.set(bhttp::field::content_type, r.content_type);
  for (const auto& [name, value] : r.headers) res.set(name, value);
  res.body() = r.body;
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

Request from_beast(bhttp::request<bhttp::string_body>&& req, std::string remote) {
  Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  for (const auto& field : req) {
    r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  r.body = std::move(req.body());
  r.remote = std::move(remote);
  return r;
}

Head head_of(const RequestParser& parser) {
  const auto& header = parser.get();
  Head head{header.version(), header.method_string(), {}};
  for (const auto& field : header) head.fields.emplace_back(field.name_string(), field.value());
  return head;
}

// The error a parser failure is answered with; nullopt = close without answering.
std::optional<Rejection> parse_rejection(const beast::error_code& ec, std::string_view what) {
  if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted ||
      ec == beast::error::timeout || ec == net::error::connection_reset || ec == net::error::eof) {
    return std::nullopt;
  }
  const int status = status_for_parse_error(ec);
  return Rejection{status,
                   status == 400   ? "bad_request"
                   : status == 413 ? "body_too_large"
                                   : "headers_too_large",
                   std::string(what) + ": " + ec.message()};
}

}  // namespace

struct Server::Impl {
  Impl(net::io_context& ioc, config::ServerConfig cfg, Handler h)
      : acceptor(ioc), config(std::move(cfg)), handler(std::move(h)) {}

  struct Connection {
    beast::tcp_stream* stream = nullptr;
    bool idle = true;  // waiting for the next request
  };

  tcp::acceptor acceptor;
  config::ServerConfig config;
  Handler handler;
  bool stopping = false;
  std::list<Connection> connections;
  std::size_t refusing = 0;  // refuse() coroutines in flight
  ServerStats stats;

  net::awaitable<void> accept_loop();
  net::awaitable<void> session(tcp::socket socket);
  net::awaitable<bool> serve_one(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                 Connection& conn, const std::string& remote, bool first);
  net::awaitable<std::optional<Rejection>> read_request(beast::tcp_stream& stream,
                                                        beast::flat_buffer& buffer,
                                                        RequestParser& parser, Connection& conn,
                                                        bool first, bool& closed);
  std::optional<Rejection> check_before_body(const RequestParser& parser) const;
  net::awaitable<void> refuse(tcp::socket socket);
  net::awaitable<void> reject(beast::tcp_stream& stream, const Rejection& rejection);
};

net::awaitable<void> Server::Impl::accept_loop() {
  while (!stopping) {
    auto [ec, socket] = co_await acceptor.async_accept(kTuple);
    if (ec) {
      if (stopping || ec == net::error::operation_aborted) break;
      spdlog::warn("http: accept failed: {}", ec.message());
      continue;
    }
    if (connections.size() >= config.max_connections) {
      ++stats.connections_refused;
      // Answering 503 is a courtesy with its own bound; past it, just close.
      if (refusing >= kMaxRefusing) continue;
      ++refusing;
      net::co_spawn(acceptor.get_executor(), refuse(std::move(socket)), net::detached);
      continue;
    }
    ++stats.connections_accepted;
    // Sessions are tracked in `connections`; run() waits for them on shutdown.
    net::co_spawn(acceptor.get_executor(), session(std::move(socket)), net::detached);
  }
}

net::awaitable<void> Server::Impl::refuse(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  stream.expires_after(std::chrono::seconds(1));
  const Rejection busy{503, "too_many_connections",
                       "connection limit reached (server.max_connections); retry later"};
  co_await reject(stream, busy);
  --refusing;
}

// Answers with the error, then closes without resetting: our send side is
// shut, and what the client still sends is read and dropped for a moment.
net::awaitable<void> Server::Impl::reject(beast::tcp_stream& stream, const Rejection& rejection) {
  auto res = to_beast(json_error(rejection.status, rejection.code, rejection.message), 11, false);
  auto [ec, n] = co_await bhttp::async_write(stream, res, kTuple);
  if (ec) co_return;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(kDrainTime);
  std::array<char, 4096> sink;
  for (std::size_t drained = 0; drained < kDrainBytes && !ec;) {
    std::tie(ec, n) = co_await stream.async_read_some(net::buffer(sink), kTuple);
    drained += n;
  }
}

net::awaitable<void> Server::Impl::session(tcp::socket socket) {
  beast::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  const std::string remote =
      ec ? "?" : peer.address().to_string() + ":" + std::to_string(peer.port());
  beast::tcp_stream stream(std::move(socket));
  auto conn = connections.insert(connections.end(), Connection{&stream, true});
  try {
    beast::flat_buffer buffer;
    bool first = true;
    while (co_await serve_one(stream, buffer, *conn, remote, first)) first = false;
  } catch (const std::exception& e) {
    spdlog::error("http: connection {}: {}", remote, e.what());
  }
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  connections.erase(conn);
}

std::optional<Rejection> Server::Impl::check_before_body(const RequestParser& parser) const {
  if (auto length = parser.content_length(); length && *length > config.max_body_bytes) {
    return Rejection{413, "body_too_large",
                     "body of " + std::to_string(*length) + " bytes exceeds max_body_bytes " +
                         std::to_string(config.max_body_bytes)};
  }
  return check_head(head_of(parser));
}

// Reads one request into `parser`. Returns the rejection to answer with, if
// any; sets `closed` when the connection ended (or timed out) without one.
net::awaitable<std::optional<Rejection>> Server::Impl::read_request(beast::tcp_stream& stream,
                                                                    beast::flat_buffer& buffer,
                                                                    RequestParser& parser,
                                                                    Connection& conn, bool first,
                                                                    bool& closed) {
  parser.header_limit(kHeaderLimit);
  parser.body_limit(config.max_body_bytes);
  conn.idle = true;
  stream.expires_after(first ? config.header_timeout : config.idle_timeout);
  auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
  conn.idle = false;
  if (stopping && !ec) ec = net::error::operation_aborted;
  if (ec) {
    auto rejection = parse_rejection(ec, "malformed HTTP request");
    closed = !rejection;
    co_return rejection;
  }
  if (auto rejection = check_before_body(parser)) co_return rejection;
  stream.expires_after(config.body_timeout);
  std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, kTuple);
  if (!ec) co_return std::nullopt;
  auto rejection = parse_rejection(ec, "could not read request body");
  closed = !rejection;
  co_return rejection;
}

// Serves one request; returns whether to keep the connection open.
net::awaitable<bool> Server::Impl::serve_one(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                             Connection& conn, const std::string& remote,
                                             bool first) {
  RequestParser parser;
  bool closed = false;
  auto rejection = co_await read_request(stream, buffer, parser, conn, first, closed);
  if (closed) co_return false;
  if (rejection) {
    ++stats.rejected_by_parser;
    spdlog::info("http: {} rejected with {}: {}", remote, rejection->status, rejection->message);
    co_await reject(stream, *rejection);
    co_return false;
  }
  ++stats.requests;
  auto request = parser.release();
  const bool keep_alive = request.keep_alive();
  const unsigned version = request.version();
  Response response = co_await handler(from_beast(std::move(request), remote));
  const bool keep = keep_alive && !stopping;
  auto res = to_beast(response, version, keep);
  stream.expires_after(config.body_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream, res, kTuple);
  co_return !ec && keep;
}

Server::Server(net::io_context& ioc, config::ServerConfig config, Handler handler)
    : impl_(std::make_unique<Impl>(ioc, std::move(config), std::move(handler))) {}

Server::~Server() = default;

Result<std::string> Server::listen() {
  auto& cfg = impl_->config;
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

std::uint16_t Server::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

net::awaitable<void> Server::run(Millis drain) {
  co_await impl_->accept_loop();
  // Drain: in-flight requests finish; idle connections were closed by stop().
  net::steady_timer timer(impl_->acceptor.get_executor());
  const auto deadline = std::chrono::steady_clock::now() + drain;
  while (!impl_->connections.empty() && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(kTuple);
  }
  for (auto& conn : impl_->connections) conn.stream->socket().close();
  while (!impl_->connections.empty() || impl_->refusing > 0) {
    timer.expires_after(std::chrono::milliseconds(5));
    co_await timer.async_wait(kTuple);
  }
}

void Server::stop() {
  impl_->stopping = true;
  beast::error_code ec;
  impl_->acceptor.close(ec);
  for (auto& conn : impl_->connections) {
    if (conn.idle) conn.stream->cancel();
  }
}

ServerStats Server::stats() const {
  auto s = impl_->stats;
  s.connections_open = impl_->connections.size();
  return s;
}

}  // namespace autofixd::http
