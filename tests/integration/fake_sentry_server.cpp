// FakeSentry's network side: a Beast HTTP/1.1 server (TLS optional) on
// 127.0.0.1:<ephemeral>, one coroutine per connection, on its own
// io_context and thread. Every request goes to State::handle().

#include <cstdio>
#include <optional>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "integration/fake_sentry.hpp"
#include "integration/fake_sentry_state.hpp"

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

http::response<http::string_body> to_beast(const FakeResponse& fake, bool keep_alive) {
  http::response<http::string_body> res;
  res.result(static_cast<unsigned>(fake.status));
  res.version(11);
  res.set(http::field::server, "fake-sentry");
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

void report(std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fake sentry: connection failed: %s\n", e.what());
  }
}

}  // namespace

class FakeSentry::Server {
 public:
  Server(State& state, const std::optional<TestCaFiles>& certs)
      : state_(state), acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
    if (certs) tls_.emplace(make_tls(*certs));
    port_ = acceptor_.local_endpoint().port();
    net::co_spawn(ioc_, accept_loop(), report);
    thread_ = std::thread([this] { ioc_.run(); });
  }

  ~Server() {
    ioc_.stop();
    thread_.join();
  }

  std::uint16_t port() const { return port_; }

 private:
  net::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(kTuple);
      if (ec) co_return;
      net::co_spawn(ioc_, session(std::move(socket)), report);
    }
  }

  net::awaitable<void> session(tcp::socket socket) {
    std::size_t connection = state_.connection_accepted();
    beast::tcp_stream stream(std::move(socket));
    if (!tls_) {
      co_await serve(stream, connection);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> secure(std::move(stream), *tls_);
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
      Handling handling = state_.handle(to_record(std::move(request), connection));
      if (handling.delay.count() > 0) {
        net::steady_timer timer(co_await net::this_coro::executor, handling.delay);
        co_await timer.async_wait(kTuple);
      }
      if (handling.drop) co_return;  // the stream's destructor closes the connection
      if (handling.hang) {
        // Hold the connection without answering until the client gives up
        // (the read fails) or a minute passes.
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(60));
        http::request_parser<http::string_body> ignored;
        co_await http::async_read(stream, buffer, ignored, kTuple);
        co_return;
      }
      auto response = to_beast(handling.response, keep_alive);
      auto [wec, written] = co_await http::async_write(stream, response, kTuple);
      if (wec || !keep_alive || handling.close_after) co_return;
    }
  }

  State& state_;
  std::optional<net::ssl::context> tls_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

FakeSentry::FakeSentry(FakeSentryOptions options)
    : options_(std::move(options)),
      state_(std::make_unique<State>(options_.token, options_.org)) {
  if (options_.tls && !options_.certs) options_.certs = default_test_ca();
  if (!options_.tls) options_.certs.reset();
  server_ = std::make_unique<Server>(*state_, options_.certs);
  std::lock_guard lock(state_->mutex);
  state_->base_url = base_url();
}

FakeSentry::~FakeSentry() { server_.reset(); }

std::uint16_t FakeSentry::port() const { return server_->port(); }

std::string FakeSentry::base_url() const { return base_url_for("127.0.0.1"); }

std::string FakeSentry::base_url_for(std::string_view host) const {
  return std::string(options_.tls ? "https://" : "http://") + std::string(host) + ":" +
         std::to_string(port());
}

std::string FakeSentry::ca_file() const { return options_.certs ? options_.certs->ca_pem : ""; }

}  // namespace autofixd::testing
