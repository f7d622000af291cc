// FakeHttpServer: Beast HTTP/1.1 (TLS optional) on 127.0.0.1, in the shape
// of Beast's awaitable server example: accept loop, one session coroutine
// per connection, the answer decided by a plain function.

#include "integration/fake_http_server.hpp"

#include <algorithm>
#include <cstdio>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace autofixd::testing {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

RecordedRequest to_record(http::request<http::string_body>&& req, std::size_t connection) {
  RecordedRequest out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  out.path = out.target.substr(0, out.target.find('?'));
  for (const auto& field : req) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(req.body());
  out.connection = connection;
  out.received_at = std::chrono::steady_clock::now();
  return out;
}

http::response<http::string_body> to_beast(const FakeResponse& fake, bool keep_alive,
                                           const std::string& server) {
  http::response<http::string_body> res;
  res.result(static_cast<unsigned>(fake.status));
  res.version(11);
  res.set(http::field::server, server);
  res.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : fake.headers) res.set(name, value);
  res.body() = fake.body;
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

net::ssl::context make_tls(const TestCaFiles& certs) {
  net::ssl::context ctx(net::ssl::context::tls_server);
  ctx.use_certificate_chain_file(certs.cert_pem);
  ctx.use_private_key_file(certs.key_pem, net::ssl::context::pem);
  return ctx;
}

// Runs `work` on the server thread and waits for it.
template <typename Work>
void run_on(net::io_context& ioc, Work work) {
  std::promise<void> done;
  net::post(ioc, [&] {
    try {
      work();
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  done.get_future().get();
}

}  // namespace

class FakeHttpServer::Impl {
 public:
  Impl(RequestHandler handler, std::optional<TestCaFiles> certs, std::string name)
      : handler_(std::move(handler)),
        certs_(std::move(certs)),
        name_(std::move(name)),
        acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
    if (certs_) tls_.emplace(make_tls(*certs_));
    port_ = acceptor_.local_endpoint().port();
    net::co_spawn(ioc_, accept_loop(), [this](std::exception_ptr e) { report(e); });
    thread_ = std::thread([this] { ioc_.run(); });
  }

  ~Impl() {
    ioc_.stop();
    thread_.join();
  }

  std::uint16_t port() const { return port_; }
  bool tls() const { return certs_.has_value(); }
  std::string ca_file() const { return certs_ ? certs_->ca_pem : ""; }
  std::size_t connections() const { return connections_.load(); }
  bool listening() const { return listening_.load(); }

  void stop_listening() {
    run_on(ioc_, [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      for (beast::tcp_stream* stream : open_) stream->socket().close(ignored);
      listening_ = false;
    });
  }

  void resume_listening() {
    run_on(ioc_, [this] {
      if (acceptor_.is_open()) return;
      const tcp::endpoint at(net::ip::make_address("127.0.0.1"), port_);
      boost::system::error_code ec;
      acceptor_.open(at.protocol(), ec);
      if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
      if (!ec) acceptor_.bind(at, ec);
      if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
      if (ec) {
        acceptor_.close(ec);
        throw std::runtime_error(name_ + ": cannot listen again on 127.0.0.1:" +
                                 std::to_string(port_) + ": " + ec.message());
      }
      listening_ = true;
      net::co_spawn(ioc_, accept_loop(), [this](std::exception_ptr e) { report(e); });
    });
  }

 private:
  // Keeps a connection in open_ while its session runs, so that
  // stop_listening() can close it. Server thread only.
  struct Tracked {
    Tracked(std::set<beast::tcp_stream*>& open, beast::tcp_stream& stream)
        : open_(open), stream_(&stream) {
      open_.insert(stream_);
    }
    ~Tracked() { open_.erase(stream_); }
    Tracked(const Tracked&) = delete;
    Tracked& operator=(const Tracked&) = delete;
    std::set<beast::tcp_stream*>& open_;
    beast::tcp_stream* stream_;
  };

  void report(std::exception_ptr error) const {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: connection failed: %s\n", name_.c_str(), e.what());
    }
  }

  net::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(kTuple);
      if (ec) co_return;  // closed by stop_listening() or the destructor
      net::co_spawn(ioc_, session(std::move(socket)), [this](std::exception_ptr e) { report(e); });
    }
  }

  net::awaitable<void> session(tcp::socket socket) {
    const std::size_t connection = ++connections_;
    if (!tls_) {
      beast::tcp_stream stream(std::move(socket));
      Tracked tracked(open_, stream);
      co_await serve(stream, connection);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> secure(beast::tcp_stream(std::move(socket)), *tls_);
    Tracked tracked(open_, beast::get_lowest_layer(secure));
    beast::get_lowest_layer(secure).expires_after(std::chrono::seconds(10));
    auto [ec] = co_await secure.async_handshake(net::ssl::stream_base::server, kTuple);
    if (ec) co_return;
    co_await serve(secure, connection);
  }

  template <typename Stream>
  net::awaitable<void> serve(Stream& stream, std::size_t connection) {
    beast::flat_buffer buffer;
    for (;;) {
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
      http::request_parser<http::string_body> parser;
      parser.body_limit(16 * 1024 * 1024);
      auto [ec, read] = co_await http::async_read(stream, buffer, parser, kTuple);
      if (ec) co_return;
      auto request = parser.release();
      const bool keep_alive = request.keep_alive();
      const Reply reply = handler_(to_record(std::move(request), connection));
      if (reply.delay.count() > 0) {
        net::steady_timer timer(co_await net::this_coro::executor, reply.delay);
        co_await timer.async_wait(kTuple);
      }
      if (reply.drop) co_return;  // the stream's destructor closes the connection
      auto response = to_beast(reply.response, keep_alive, name_);
      auto [wec, written] = co_await http::async_write(stream, response, kTuple);
      if (wec || !keep_alive || reply.close_after) co_return;
    }
  }

  // Declared before ioc_: coroutine frames still queued in ioc_ refer to
  // them when ioc_ is destroyed.
  RequestHandler handler_;
  std::optional<TestCaFiles> certs_;
  std::string name_;
  std::optional<net::ssl::context> tls_;
  std::set<beast::tcp_stream*> open_;
  std::atomic<std::size_t> connections_{0};
  std::atomic<bool> listening_{true};
  net::io_context ioc_;
  // Keeps ioc_.run() going while nothing listens (between stop_listening()
  // and resume_listening()), so that posted work still runs.
  net::executor_work_guard<net::io_context::executor_type> keep_running_{ioc_.get_executor()};
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

FakeHttpServer::FakeHttpServer(RequestHandler handler, std::optional<TestCaFiles> certs,
                               std::string name)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(certs), std::move(name))) {}

FakeHttpServer::~FakeHttpServer() = default;

std::uint16_t FakeHttpServer::port() const { return impl_->port(); }
bool FakeHttpServer::tls() const { return impl_->tls(); }
std::string FakeHttpServer::base_url() const {
  return std::string(tls() ? "https://" : "http://") + "127.0.0.1:" + std::to_string(port());
}
std::string FakeHttpServer::ca_file() const { return impl_->ca_file(); }
void FakeHttpServer::stop_listening() { impl_->stop_listening(); }
void FakeHttpServer::resume_listening() { impl_->resume_listening(); }
bool FakeHttpServer::listening() const { return impl_->listening(); }
std::size_t FakeHttpServer::connections_accepted() const { return impl_->connections(); }

std::optional<std::string> RecordedRequest::header(std::string_view name) const {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  for (const auto& [key, value] : headers) {
    if (std::equal(key.begin(), key.end(), name.begin(), name.end(),
                   [&](char a, char b) { return lower(a) == lower(b); })) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace autofixd::testing
