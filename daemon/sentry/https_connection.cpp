#include "sentry/https_connection.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <utility>
#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace autofixd::sentry {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using Stream = std::variant<beast::tcp_stream, TlsStream>;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

Error transport_error(std::string step, const std::string& what) {
  return make_error("sentry.transient", step + " failed: " + what);
}

// Failing while sending or reading: the peer may have received the request.
Error exchange_error(std::string step, const std::string& what) {
  Error error = transport_error(std::move(step), what);
  error.request_sent = true;
  return error;
}

std::string describe(const beast::error_code& ec, std::chrono::milliseconds timeout) {
  if (ec == beast::error::timeout) return "timed out after " + std::to_string(timeout.count()) + " ms";
  return ec.message();
}

// Why a TLS handshake failed, with OpenSSL's verification verdict when the
// certificate was the reason ("certificate verify failed (hostname mismatch)").
std::string describe_tls(TlsStream& stream, const beast::error_code& ec,
                         std::chrono::milliseconds timeout) {
  std::string what = describe(ec, timeout);
  long verdict = SSL_get_verify_result(stream.native_handle());
  if (verdict != X509_V_OK) {
    what += " (";
    what += X509_verify_cert_error_string(verdict);
    what += ")";
  }
  return what;
}

// Sets SNI and the name the certificate must carry: SSL_set1_host for DNS
// names, the IP SAN check for IP literals (which get no SNI, per RFC 6066).
Status expect_peer_name(TlsStream& stream, const std::string& host) {
  SSL* ssl = stream.native_handle();
  if (is_ip_literal(host)) {
    if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) != 1) {
      return transport_error("TLS setup for " + host, "bad IP literal");
    }
    return {};
  }
  SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (SSL_set1_host(ssl, host.c_str()) != 1 || SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
    return transport_error("TLS setup for " + host, "cannot set the expected host name");
  }
  return {};
}

// Resolves `url` within `timeout`: the resolver cannot take a deadline, so a
// timer cancels it.
net::awaitable<Result<tcp::resolver::results_type>> resolve(net::any_io_executor executor,
                                                            const BaseUrl& url,
                                                            std::chrono::milliseconds timeout) {
  auto resolver = std::make_shared<tcp::resolver>(executor);
  auto expired = std::make_shared<bool>(false);
  net::steady_timer timer(executor, timeout);
  timer.async_wait([weak = std::weak_ptr<tcp::resolver>(resolver), expired](beast::error_code ec) {
    if (ec) return;
    *expired = true;
    if (auto r = weak.lock()) r->cancel();
  });
  auto [ec, results] =
      co_await resolver->async_resolve(url.host, std::to_string(url.port), kTuple);
  timer.cancel();
  if (ec) {
    co_return transport_error("resolving " + url.authority(),
                              *expired ? describe(beast::error::timeout, timeout) : ec.message());
  }
  co_return std::move(results);
}

http::request<http::string_body> to_beast(const OutgoingRequest& out) {
  http::request<http::string_body> req;
  req.method_string(out.method);
  req.target(out.target);
  req.version(11);
  req.set(http::field::host, out.host);
  req.set(http::field::user_agent, out.user_agent);
  for (const auto& [name, value] : out.headers) req.set(name, value);
  req.keep_alive(true);
  req.body() = out.body;
  if (!out.body.empty() || out.method == "POST" || out.method == "PUT") req.prepare_payload();
  return req;
}

HttpResponse from_beast(http::response<http::string_body>&& res) {
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(res.body());
  return out;
}

}  // namespace

struct Connection::Impl {
  Impl(const net::any_io_executor& executor, net::ssl::context* tls, std::string authority_)
      : stream(make_stream(executor, tls)), authority(std::move(authority_)) {}

  static Stream make_stream(const net::any_io_executor& executor, net::ssl::context* tls) {
    if (tls) return Stream(std::in_place_index<1>, executor, *tls);
    return Stream(std::in_place_index<0>, executor);
  }

  beast::tcp_stream& tcp() {
    return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); },
                      stream);
  }

  Stream stream;
  beast::flat_buffer buffer;
  std::string authority;
};

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;

void Connection::close() {
  beast::error_code ignored;
  impl_->tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
  impl_->tcp().socket().close(ignored);
}

net::awaitable<Result<std::unique_ptr<Connection>>> Connection::open(
    net::any_io_executor executor, const BaseUrl& url, net::ssl::context* tls,
    std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto endpoints = co_await resolve(executor, url, timeout);
  if (!endpoints) co_return endpoints.error();

  auto impl = std::make_unique<Impl>(executor, tls, url.authority());
  impl->tcp().expires_at(deadline);
  auto [ec, endpoint] = co_await impl->tcp().async_connect(*endpoints, kTuple);
  if (ec) co_return transport_error("connecting to " + url.authority(), describe(ec, timeout));

  if (auto* stream = std::get_if<TlsStream>(&impl->stream)) {
    if (auto st = expect_peer_name(*stream, url.host); !st) co_return st.error();
    auto [hec] = co_await stream->async_handshake(net::ssl::stream_base::client, kTuple);
    if (hec) {
      co_return transport_error("TLS handshake with " + url.authority(),
                                describe_tls(*stream, hec, timeout));
    }
  }
  impl->tcp().expires_never();
  co_return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

net::awaitable<Exchange> Connection::exchange(const OutgoingRequest& request,
                                              const ExchangeLimits& limits) {
  auto req = to_beast(request);
  impl_->tcp().expires_after(limits.timeout);
  auto [wec, written] = co_await std::visit(
      [&](auto& s) { return http::async_write(s, req, kTuple); }, impl_->stream);
  if (wec) {
    co_return Exchange{exchange_error("sending request to " + impl_->authority,
                                       describe(wec, limits.timeout)),
                       wec != beast::error::timeout, false};
  }

  http::response_parser<http::string_body> parser;
  parser.body_limit(limits.max_body_bytes);
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  auto [rec, read] = co_await std::visit(
      [&](auto& s) { return http::async_read(s, impl_->buffer, parser, kTuple); }, impl_->stream);
  if (rec) {
    bool nothing = !parser.got_some() && rec != beast::error::timeout;
    co_return Exchange{exchange_error("reading response from " + impl_->authority,
                                       describe(rec, limits.timeout)),
                       nothing, false};
  }
  impl_->tcp().expires_never();
  bool keep_alive = parser.get().keep_alive();
  co_return Exchange{from_beast(parser.release()), false, keep_alive};
}

}  // namespace autofixd::sentry
