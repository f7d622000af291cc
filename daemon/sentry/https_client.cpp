#include "sentry/https_client.hpp"

#include <openssl/ssl.h>

#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "sentry/https_connection.hpp"
#include "sentry/url.hpp"

namespace autofixd::sentry {

namespace {

using SteadyClock = std::chrono::steady_clock;

BaseUrl parse_or_throw(const std::string& base_url) {
  auto url = parse_base_url(base_url);
  if (!url) throw std::invalid_argument(url.error().message);
  return *url;
}

// Verification always on: system CA paths, plus ca_file on top when given.
std::optional<net::ssl::context> make_tls_context(const BaseUrl& url, const std::string& ca_file) {
  if (!url.tls) return std::nullopt;
  std::optional<net::ssl::context> ctx(std::in_place, net::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  ctx->set_verify_mode(net::ssl::verify_peer);
  boost::system::error_code ec;
  ctx->set_default_verify_paths(ec);  // a host without a system bundle still works with ca_file
  if (!ca_file.empty()) {
    ctx->load_verify_file(ca_file, ec);
    if (ec) {
      throw std::invalid_argument("sentry.ca_file \"" + ca_file +
                                  "\" cannot be loaded: " + ec.message());
    }
  }
  return ctx;
}

struct IdleConnection {
  std::unique_ptr<Connection> connection;
  SteadyClock::time_point since;
};

}  // namespace

struct HttpsClient::Impl {
  Impl(net::any_io_executor executor_, ClientOptions options_)
      : executor(std::move(executor_)),
        options(std::move(options_)),
        url(parse_or_throw(options.base_url)),
        tls(make_tls_context(url, options.ca_file)) {}

  // A fresh-enough idle connection, or null.
  std::unique_ptr<Connection> take_idle() {
    auto now = SteadyClock::now();
    while (!idle.empty()) {
      IdleConnection entry = std::move(idle.back());
      idle.pop_back();
      if (now - entry.since < options.max_idle_time) return std::move(entry.connection);
      entry.connection->close();
    }
    return nullptr;
  }

  void put_idle(std::unique_ptr<Connection> connection) {
    if (idle.size() >= options.max_idle_connections) {
      connection->close();
      return;
    }
    idle.push_back({std::move(connection), SteadyClock::now()});
  }

  net::awaitable<Result<std::unique_ptr<Connection>>> open() {
    auto connection =
        co_await Connection::open(executor, url, tls ? &*tls : nullptr, options.connect_timeout);
    if (connection) ++opened;
    co_return connection;
  }

  OutgoingRequest make_request(std::string_view method, std::string target, std::string body,
                               HeaderList headers) const {
    return OutgoingRequest{std::string(method), url.path_prefix + target, url.host_header(),
                           options.user_agent, std::move(body), std::move(headers)};
  }

  ExchangeLimits limits() const {
    return {options.request_timeout, options.max_body_bytes, options.max_header_bytes};
  }

  net::any_io_executor executor;
  ClientOptions options;
  BaseUrl url;
  std::optional<net::ssl::context> tls;
  std::vector<IdleConnection> idle;  // most recently used last
  std::size_t opened = 0;
};

HttpsClient::HttpsClient(net::any_io_executor executor, ClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(executor), std::move(options))) {}

HttpsClient::~HttpsClient() {
  for (auto& entry : impl_->idle) entry.connection->close();
}

std::size_t HttpsClient::connections_opened() const { return impl_->opened; }
std::size_t HttpsClient::idle_connections() const { return impl_->idle.size(); }

net::awaitable<Result<HttpResponse>> HttpsClient::request(std::string_view method,
                                                          std::string target, std::string body,
                                                          HeaderList headers) {
  const OutgoingRequest request =
      impl_->make_request(method, std::move(target), std::move(body), std::move(headers));
  // At most two attempts: the second only when a reused connection had been
  // closed by the server before it answered, and only for a GET. A POST is
  // never sent twice here: it may have been acted on (a second autofix run, a
  // second comment), so it goes on a fresh connection (no stale keep-alive
  // race) and its caller reconciles with Sentry's state after a failure.
  const bool idempotent = method == "GET" || method == "HEAD";
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<Connection> connection =
        attempt == 0 && idempotent ? impl_->take_idle() : nullptr;
    bool reused = connection != nullptr;
    if (!reused) {
      auto opened = co_await impl_->open();
      if (!opened) co_return opened.error();
      connection = std::move(*opened);
    }
    Exchange exchange = co_await connection->exchange(request, impl_->limits());
    if (exchange.response) {
      if (exchange.keep_alive) {
        impl_->put_idle(std::move(connection));
      } else {
        connection->close();
      }
      co_return std::move(exchange.response);
    }
    connection->close();
    if (!(reused && exchange.nothing_received)) co_return exchange.response.error();
  }
}

}  // namespace autofixd::sentry
