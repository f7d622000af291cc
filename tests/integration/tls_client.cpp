#include "integration/tls_client.hpp"

#include <openssl/x509v3.h>

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace autofixd::testing {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

// Set up before any stream exists: an SSL object copies the verify mode
// of its context when it is created.
ssl::context trusting(const std::string& ca_file) {
  ssl::context context(ssl::context::tls_client);
  context.set_verify_mode(ssl::verify_peer);
  context.load_verify_file(ca_file);
  return context;
}

}  // namespace

struct TlsClient::Impl {
  Impl(std::uint16_t port_, const std::string& ca_file)
      : port(port_), context(trusting(ca_file)), stream(ioc, context) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream.native_handle()), "127.0.0.1");
  }

  // Runs the io_context until the started operation completes or `timeout`.
  void run(std::chrono::milliseconds timeout) {
    ioc.restart();
    ioc.run_for(timeout);
    if (!ioc.stopped()) {
      beast::get_lowest_layer(stream).cancel();
      ioc.restart();
      ioc.run();
    }
  }

  std::uint16_t port;
  net::io_context ioc;
  ssl::context context;
  beast::ssl_stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

TlsClient::TlsClient(std::uint16_t port, const std::string& ca_file)
    : impl_(std::make_unique<Impl>(port, ca_file)) {}

TlsClient::~TlsClient() = default;

std::string TlsClient::connect(std::chrono::milliseconds timeout) {
  auto& tcp_layer = beast::get_lowest_layer(impl_->stream);
  beast::error_code ec;
  tcp_layer.socket().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), impl_->port), ec);
  if (ec) return "connect: " + ec.message();
  std::optional<beast::error_code> result;
  tcp_layer.expires_after(timeout);
  impl_->stream.async_handshake(ssl::stream_base::client,
                                [&](const beast::error_code& e) { result = e; });
  impl_->run(timeout);
  if (!result) return "handshake did not finish";
  return *result ? result->message() : "";
}

bool TlsClient::send(const std::string& bytes, std::chrono::milliseconds timeout) {
  std::optional<beast::error_code> result;
  beast::get_lowest_layer(impl_->stream).expires_after(timeout);
  net::async_write(impl_->stream, net::buffer(bytes),
                   [&](const beast::error_code& e, std::size_t) { result = e; });
  impl_->run(timeout);
  return result && !*result;
}

HttpResult TlsClient::read_response(std::chrono::milliseconds timeout) {
  bhttp::response_parser<bhttp::string_body> parser;
  std::optional<beast::error_code> result;
  beast::get_lowest_layer(impl_->stream).expires_after(timeout);
  bhttp::async_read(impl_->stream, impl_->buffer, parser,
                    [&](const beast::error_code& e, std::size_t) { result = e; });
  impl_->run(timeout);
  HttpResult out;
  if (!result || *result) return out;
  const auto& res = parser.get();
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    out.headers += std::string(field.name_string()) + ": " + std::string(field.value()) + "\r\n";
  }
  out.body = res.body();
  return out;
}

HttpResult tls_http(std::uint16_t port, const std::string& ca_file, const std::string& raw) {
  TlsClient client(port, ca_file);
  if (!client.connect().empty() || !client.send(raw)) return {};
  return client.read_response();
}

}  // namespace autofixd::testing
