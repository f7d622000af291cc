#pragma once
// A fake receiver of notifications for tests: a real HTTP (or HTTPS)
// server on 127.0.0.1:<ephemeral port> that takes POSTs for Slack incoming
// webhooks and signed JSON webhooks (DESIGN "Notifications"), records each
// request, and answers from a script.
//
//   FakeReceiver hooks;                      // plain http; {.tls = true} for https
//   hooks.script("/slack", {{500}, {500}});  // then the default: 200 "ok"
//   notify.url = hooks.url("/slack");
//   ... run the daemon ...
//   ASSERT_TRUE(hooks.wait_for_requests(3, 10s));
//   EXPECT_TRUE(signature_matches(hooks.requests("/hook")[0], "s3cret"));
//
// Every path answers POST (and any other method) the same way: the next
// scripted answer for that path, else the next for any path, else the
// default (200, "ok", text/plain: what Slack answers).
//
// Thread-safety: every public member may be called from any thread while
// the server runs. Destruction stops the server and joins its thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "integration/fake_http.hpp"
#include "integration/test_ca.hpp"

namespace autofixd::testing {

class FakeHttpServer;

struct ReceiverAnswer {
  int status = 200;
  std::string body = "ok";
  Headers headers{{"Content-Type", "text/plain"}};
  bool drop = false;  // read the request, then close the connection without answering
  std::chrono::milliseconds delay{0};
};

struct FakeReceiverOptions {
  bool tls = false;
  std::optional<TestCaFiles> certs{};  // server certificate; default_test_ca() when empty
};

class FakeReceiver {
 public:
  explicit FakeReceiver(FakeReceiverOptions options = {});
  ~FakeReceiver();
  FakeReceiver(const FakeReceiver&) = delete;
  FakeReceiver& operator=(const FakeReceiver&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;                  // "http://127.0.0.1:PORT"
  std::string url(std::string_view path) const;  // base_url() + path
  std::string ca_file() const;                   // CA to trust; "" for plain http

  // Answers for the next requests to `path`, in order.
  void script(std::string path, std::vector<ReceiverAnswer> answers);
  // Answers for the next requests to any path without a script of its own.
  void script(std::vector<ReceiverAnswer> answers);
  // What every request gets once the scripts are used up.
  void set_default(ReceiverAnswer answer);
  void stop_listening();    // connections refused until resume_listening()
  void resume_listening();  // same port

  std::vector<RecordedRequest> requests() const;
  std::vector<RecordedRequest> requests(std::string_view path) const;
  std::size_t count() const;
  std::size_t count(std::string_view path) const;
  // Statuses answered so far, in order (0 for a dropped connection).
  std::vector<int> answered() const;
  // Waits until at least `n` requests arrived (any path); false on time-out.
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const;
  void clear_requests();

  struct State;

 private:
  std::unique_ptr<State> state_;
  std::unique_ptr<FakeHttpServer> server_;
};

// Lowercase hex HMAC-SHA256 of `body` keyed with `secret` (computed here with
// OpenSSL, independently of the daemon's code).
std::string hmac_sha256_hex(std::string_view secret, std::string_view body);
// Whether `request` carries `header` (default X-Autofixd-Signature) equal
// to hmac_sha256_hex(secret, exact body).
bool signature_matches(const RecordedRequest& request, std::string_view secret,
                       std::string_view header = "X-Autofixd-Signature");

}  // namespace autofixd::testing
