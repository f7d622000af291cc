#pragma once
// The TLS server context for [server.tls]: what the listener hands every new
// connection. Loaded at start-up, by check-config, and again on SIGHUP.

#include <memory>

#include "config/config.hpp"
#include "util/result.hpp"

namespace boost::asio::ssl {
class context;
}

namespace autofixd::http {

// A context serving cert_file (the leaf first, then intermediates, PEM) with
// key_file (PEM, unencrypted): TLS 1.2 and 1.3 only; for TLS 1.2 only ECDHE
// key exchange with AEAD ciphers; server cipher preference; no compression,
// no renegotiation. The key file's mode is checked by the config loader.
// Errors ("http.tls", naming the key and the file): the certificate chain
// cannot be read or parsed; the key cannot be read or parsed (an encrypted
// key included: there is no passphrase prompt); the key does not belong to
// the certificate.
Result<std::shared_ptr<boost::asio::ssl::context>> make_tls_context(const config::ServerTls& tls);

}  // namespace autofixd::http
