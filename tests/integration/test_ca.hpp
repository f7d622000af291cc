#pragma once
// A throw-away certificate authority for tests that speak real TLS: a CA
// and a server certificate it signed, generated with OpenSSL 3 at run time
// (EC P-256, SHA-256, valid from an hour ago for a week), written as PEM.
// Test-only code: failures throw std::runtime_error.

#include <filesystem>
#include <string>
#include <vector>

namespace autofixd::testing {

struct TestCaFiles {
  std::string ca_pem;    // the CA certificate: what a client must trust
  std::string cert_pem;  // the server certificate, signed by the CA
  std::string key_pem;   // the server's private key (unencrypted)
};

struct ServerNames {
  std::vector<std::string> dns{"localhost"};
  std::vector<std::string> ips{"127.0.0.1"};
};

// Generates a fresh CA and server certificate (SAN = `names`) into `dir`,
// which must exist.
TestCaFiles generate_test_ca(const std::filesystem::path& dir, const ServerNames& names = {});

// Generated once per process into a temporary directory that is removed at
// exit. Server SAN: DNS:localhost, IP:127.0.0.1.
const TestCaFiles& default_test_ca();

// As default_test_ca() but a different CA whose server certificate names
// only DNS:wrong.example, for host-name verification tests.
const TestCaFiles& wrong_name_test_ca();

}  // namespace autofixd::testing
