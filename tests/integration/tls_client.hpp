#pragma once
// A test client for the daemon's HTTPS listener: one TLS connection to
// 127.0.0.1:port that trusts only `ca_file` and checks the certificate
// names 127.0.0.1. Each step is bounded by a timeout; failures are values.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "integration/daemon_process.hpp"

namespace autofixd::testing {

class TlsClient {
 public:
  TlsClient(std::uint16_t port, const std::string& ca_file);
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  // Connects and completes the handshake. "" on success, else what failed
  // (e.g. "certificate verify failed").
  std::string connect(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Writes `bytes` as they are; false when the write failed.
  bool send(const std::string& bytes, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads one response; status 0 when none arrived within `timeout`.
  HttpResult read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One request over a fresh TLS connection: connect, send `raw`, read the answer.
HttpResult tls_http(std::uint16_t port, const std::string& ca_file, const std::string& raw);

}  // namespace autofixd::testing
