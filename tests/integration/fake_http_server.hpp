#pragma once
// A real HTTP/1.1 server for the fakes: 127.0.0.1:<ephemeral port>, TLS
// optional, on its own io_context and thread, one coroutine per connection.
// Every request goes to a handler that decides the answer. It can stop
// listening (new connections are refused, open ones closed) and listen
// again on the same port, as a server that goes down and comes back.
//
// Thread-safety: the handler runs on the server thread, one request at a
// time; every public member may be called from any other thread.
// Destruction stops the server and joins its thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "integration/fake_http.hpp"
#include "integration/test_ca.hpp"

namespace autofixd::testing {

// What the server does with one request.
struct Reply {
  FakeResponse response{};
  std::chrono::milliseconds delay{0};  // wait this long before answering (or dropping)
  bool drop = false;                   // close the connection without answering
  bool close_after = false;            // close the connection after answering
};

using RequestHandler = std::function<Reply(RecordedRequest)>;

class FakeHttpServer {
 public:
  // Listens at once; TLS with `certs` (their server certificate) when set.
  // `name` goes into the Server header and error output.
  FakeHttpServer(RequestHandler handler, std::optional<TestCaFiles> certs, std::string name);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  std::uint16_t port() const;
  bool tls() const;
  std::string base_url() const;  // "https://127.0.0.1:PORT" (or http://)
  std::string ca_file() const;   // CA to trust; "" for plain http

  // Closes the listening socket and every open connection; connects are
  // refused until resume_listening(). Returns once done. Idempotent.
  void stop_listening();
  // Listens again on the same port. Throws std::runtime_error when the
  // port cannot be bound. Idempotent.
  void resume_listening();
  bool listening() const;

  std::size_t connections_accepted() const;

 private:
  class Impl;  // fake_http_server.cpp
  std::unique_ptr<Impl> impl_;
};

}  // namespace autofixd::testing
