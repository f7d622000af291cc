// Every bad request in bad_request_cases.cpp against the real binary: each
// gets its status with a JSON error body (or, for a body that never arrives,
// a closed connection); none is stored and none reaches Sentry.
#include <algorithm>
#include <sstream>

#include "integration/bad_request_cases.hpp"
#include "integration/daemon_fixture.hpp"
#include "integration/raw_webhook.hpp"

namespace autofixd::testing {
namespace {

std::vector<BadRequest> all_cases() {
  std::vector<BadRequest> all;
  for (auto group : {authenticity_cases(), header_cases(), json_cases(), shape_cases(),
                     framing_cases(), limit_cases(), routing_cases()}) {
    all.insert(all.end(), group.begin(), group.end());
  }
  return all;
}

std::string statuses_text(const std::vector<int>& statuses) {
  std::ostringstream out;
  for (std::size_t i = 0; i < statuses.size(); ++i) out << (i ? " or " : "") << statuses[i];
  return out.str();
}

bool is_json_error(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  return json.is_object() && json.contains("error") && json["error"].is_string();
}

class DaemonBadRequestsTest : public DaemonTest {
 protected:
  void SetUp() override { start_daemon({.extra_server_keys = kBadRequestServerKeys}); }

  // Sends one case; returns "" when the answer is right, else what was wrong.
  std::string check(const BadRequest& c) {
    const HttpResult r = raw_http(daemon_->port(), c.raw, std::chrono::seconds(5));
    const bool status_ok =
        std::find(c.statuses.begin(), c.statuses.end(), r.status) != c.statuses.end();
    if (!status_ok) {
      return "got " + std::to_string(r.status) + ", expected " + statuses_text(c.statuses) +
             "; body: " + r.body;
    }
    if (r.status != 0 && !is_json_error(r.body)) return "answer is not a JSON error: " + r.body;
    return {};
  }
};

TEST_F(DaemonBadRequestsTest, EachBadRequestGetsItsStatusAndChangesNothing) {
  const auto cases = all_cases();
  ASSERT_GE(cases.size(), 40u);
  for (const BadRequest& c : cases) {
    const std::string wrong = check(c);
    EXPECT_EQ(wrong, "") << "case \"" << c.name << "\"";
  }
  EXPECT_TRUE(eventually(
      [&] { return http_request(daemon_->port(), "GET", "/healthz", {}, "").status == 200; },
      std::chrono::seconds(5)))
      << "daemon stopped answering";
  EXPECT_TRUE(daemon_->running());
  EXPECT_EQ(deliveries(), 0);
  EXPECT_EQ(fake_.request_count(), 0u);
}

// Beast's parser alone would wait for CRLF CRLF until header_timeout.
TEST_F(DaemonBadRequestsTest, BareLfHeadIsAnsweredAtOnce) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = raw_http(daemon_->port(), "GET /healthz HTTP/1.1\r\nHost: x\n\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("bare LF"), std::string::npos) << r.body;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST_F(DaemonBadRequestsTest, AllowedInstallationIsAccepted) {
  const auto r =
      post_webhook(daemon_->port(), "issue", issue_webhook({.id = 42}), "allowed-1", kSecret);
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_TRUE(eventually([&] { return deliveries() == 1; }));
}

TEST_F(DaemonBadRequestsTest, ChunkedWebhookWithinTheLimitIsAccepted) {
  const std::string body = issue_webhook({.id = 42});
  std::string head = raw_head({.body = body,
                               .request_id = "chunked-1",
                               .content_length = std::nullopt,
                               .extra_headers = "Transfer-Encoding: chunked\r\n"});
  const auto r = raw_http(daemon_->port(), head + chunked(body, 100));
  EXPECT_EQ(r.status, 202) << r.body;
}

}  // namespace
}  // namespace autofixd::testing
