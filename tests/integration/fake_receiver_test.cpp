// FakeReceiver: what it records, scripted answers, dropped connections,
// the signature helper, HTTPS and outages.

#include <chrono>

#include <gtest/gtest.h>

#include "integration/fake_receiver.hpp"
#include "integration/http_call.hpp"

namespace autofixd::testing {
namespace {

using namespace std::chrono_literals;

HttpResult post(const FakeReceiver& hooks, const std::string& path, const std::string& body,
                HeaderList headers = {{"Content-Type", "application/json"}}) {
  return http_call(hooks.port(), hooks.ca_file(), {"POST", path, std::move(headers), body});
}

TEST(FakeReceiver, RecordsPathHeadersAndBodyAndAnswersLikeSlack) {
  FakeReceiver hooks;

  auto answer = post(hooks, "/services/T0/B0/x", R"({"text":"Run completed"})");

  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "ok");
  EXPECT_EQ(response_header(answer, "Content-Type"), "text/plain");
  auto requests = hooks.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/services/T0/B0/x");
  EXPECT_EQ(requests[0].header("content-type"), "application/json");
  EXPECT_EQ(requests[0].body, R"({"text":"Run completed"})");
  EXPECT_EQ(hooks.url("/services/T0/B0/x"),
            "http://127.0.0.1:" + std::to_string(hooks.port()) + "/services/T0/B0/x");
}

TEST(FakeReceiver, ScriptedStatusesComeInOrderThenTheDefault) {
  FakeReceiver hooks;
  hooks.script("/slack", {{.status = 500, .body = "server_error"}, {.status = 500}});

  std::vector<int> statuses;
  for (int i = 0; i < 3; ++i) statuses.push_back(post(hooks, "/slack", "{}").status);

  EXPECT_EQ(statuses, (std::vector<int>{500, 500, 200}));
  EXPECT_EQ(hooks.answered(), (std::vector<int>{500, 500, 200}));
  EXPECT_EQ(hooks.count("/slack"), 3u);
}

TEST(FakeReceiver, APathsScriptLeavesOtherPathsAlone) {
  FakeReceiver hooks;
  hooks.script("/hook", {{.status = 503}});
  hooks.script({{.status = 429, .headers = {{"Retry-After", "2"}}}});

  auto other = post(hooks, "/slack", "{}");
  auto scripted = post(hooks, "/hook", "{}");
  auto after = post(hooks, "/slack", "{}");

  EXPECT_EQ(other.status, 429);
  EXPECT_EQ(response_header(other, "Retry-After"), "2");
  EXPECT_EQ(scripted.status, 503);
  EXPECT_EQ(after.status, 200);
}

TEST(FakeReceiver, DropAfterReadRecordsTheRequestButNeverAnswers) {
  FakeReceiver hooks;
  hooks.script({{.drop = true}});

  auto dropped = post(hooks, "/hook", R"({"outcome":"completed"})");
  auto next = post(hooks, "/hook", R"({"outcome":"completed"})");

  EXPECT_EQ(dropped.status, 0);
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(hooks.count(), 2u);
  EXPECT_EQ(hooks.answered(), (std::vector<int>{0, 200}));
}

TEST(FakeReceiver, HmacMatchesRfc4231TestCase2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(FakeReceiver, SignatureMatchesOnlyTheExactBodyUnderTheSecret) {
  FakeReceiver hooks;
  const std::string body = R"({"outcome":"refused","issue_id":"42"})";
  post(hooks, "/hook", body,
       {{"Content-Type", "application/json"},
        {"X-Autofixd-Signature", hmac_sha256_hex("s3cret", body)}});
  post(hooks, "/hook", body + " ", {{"X-Autofixd-Signature", hmac_sha256_hex("s3cret", body)}});
  post(hooks, "/hook", body, {});

  auto requests = hooks.requests("/hook");
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_TRUE(signature_matches(requests[0], "s3cret"));
  EXPECT_FALSE(signature_matches(requests[0], "other"));
  EXPECT_FALSE(signature_matches(requests[1], "s3cret"));  // body changed by one byte
  EXPECT_FALSE(signature_matches(requests[2], "s3cret"));  // no header
}

TEST(FakeReceiver, ServesHttpsWithTheTestCa) {
  FakeReceiver hooks({.tls = true});

  auto answer = post(hooks, "/slack", "{}");

  EXPECT_EQ(hooks.base_url().rfind("https://127.0.0.1:", 0), 0u);
  EXPECT_EQ(answer.status, 200);
}

TEST(FakeReceiver, RefusesConnectionsWhileStoppedAndComesBackOnTheSamePort) {
  FakeReceiver hooks;
  const auto port = hooks.port();

  hooks.stop_listening();
  auto refused = post(hooks, "/slack", "{}");
  hooks.resume_listening();
  auto back = post(hooks, "/slack", "{}");

  EXPECT_EQ(refused.status, 0);
  EXPECT_EQ(hooks.port(), port);
  EXPECT_EQ(back.status, 200);
  EXPECT_EQ(hooks.count(), 1u);
  EXPECT_TRUE(hooks.wait_for_requests(1, 1s));
}

}  // namespace
}  // namespace autofixd::testing
