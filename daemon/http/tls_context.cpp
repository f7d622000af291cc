#include "http/tls_context.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>

namespace autofixd::http {
namespace {

namespace ssl = boost::asio::ssl;

// Mozilla's "intermediate" TLS 1.2 list without the DHE suites (they would
// need DH parameters); TLS 1.3 suites are OpenSSL's defaults.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

Error tls_error(std::string_view key, const std::string& file, std::string_view what) {
  return make_error("http.tls", "[server.tls] " + std::string(key) + " \"" + file + "\": " +
                                    std::string(what));
}

}  // namespace

Result<std::shared_ptr<ssl::context>> make_tls_context(const config::ServerTls& tls) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                  SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    return make_error("http.tls", "[server.tls]: OpenSSL refused the TLS 1.2 cipher list");
  }
  // OpenSSL's default would prompt on the terminal for an encrypted key.
  ctx->set_password_callback([](std::size_t, ssl::context::password_purpose) { return ""; });
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(tls.cert_file, ec);
  if (ec) {
    return tls_error("cert_file", tls.cert_file,
                     "cannot load the certificate chain: " + ec.message() +
                         " (expected PEM certificates, the server's first)");
  }
  ctx->use_private_key_file(tls.key_file, ssl::context::pem, ec);
  if (ec) {
    return tls_error("key_file", tls.key_file,
                     "cannot load the private key: " + ec.message() +
                         " (expected an unencrypted PEM private key)");
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    return tls_error("key_file", tls.key_file,
                     "does not belong to the certificate in cert_file \"" + tls.cert_file + "\"");
  }
  return ctx;
}

}  // namespace autofixd::http
