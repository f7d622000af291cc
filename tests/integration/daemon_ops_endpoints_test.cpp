// The ops endpoints: on their own listener when [server] ops_listen is set
// (and gone from the webhook port), HEAD answered without a body, /readyz
// naming a reason and never an error's text, and store gauges in /metrics
// sampled off the store thread.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

// Sends `request` on a new connection and reads until the peer closes.
std::string exchange(std::uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string in;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buf[4096];
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, 3000) > 0) {
      const auto n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return in;
}

std::uint16_t ops_port_from_log(const std::string& log) {
  std::smatch m;
  if (!std::regex_search(log, m,
                         std::regex(R"(ops endpoints \([^)]*\): http://127\.0\.0\.1:(\d+))"))) {
    return 0;
  }
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

TEST_F(DaemonTest, OpsListenServesOpsEndpointsAndTheWebhookPortNoLonger) {
  script_completed_run(31, 3100);
  start_daemon({.extra_server_keys = "ops_listen = \"127.0.0.1:0\"\n"});
  const std::uint16_t ops = ops_port_from_log(daemon_->log());
  ASSERT_NE(ops, 0) << daemon_->log();
  ASSERT_NE(ops, daemon_->port());
  EXPECT_EQ(http_request(ops, "GET", "/healthz", {}, "").status, 200);
  EXPECT_EQ(http_request(ops, "GET", "/readyz", {}, "").status, 200);
  EXPECT_NE(http_request(ops, "GET", "/metrics", {}, "").body.find("autofixd_webhooks_total"),
            std::string::npos);
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/metrics", {}, "").status, 404);
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/healthz", {}, "").status, 404);
  EXPECT_EQ(
      http_request(ops, "POST", "/sentry/webhook", {{"Content-Type", "application/json"}}, "{}")
          .status,
      404);
  // The webhook still works where it was.
  ASSERT_EQ(send_issue({.id = 31}, "ops-31").status, 202);
  ASSERT_TRUE(eventually([&] { return comment_state(31) == "posted"; }));
  EXPECT_EQ(daemon_->stop(), 0);
}

TEST_F(DaemonTest, HeadIsAnsweredWithHeadersOnly) {
  start_daemon();
  const std::string answer = exchange(
      daemon_->port(), "HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  std::smatch length;
  ASSERT_TRUE(std::regex_search(answer, length, std::regex(R"(Content-Length: (\d+))"))) << answer;
  EXPECT_GT(std::stoi(length[1]), 0);
  const auto end = answer.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(answer.size(), end + 4) << "a body followed the head: " << answer;
}

TEST_F(DaemonTest, ReadyzNamesTheReasonButNotTheErrorText) {
  fake_.set_issue(32, issue_json({.id = 32}));
  fake_.fail_next("GET", fake_.issue_path(32), 50,
                  FakeResponse{500, R"({"detail":"db-7.internal.acme: connection refused"})", {}});
  start_daemon();
  ASSERT_EQ(send_issue({.id = 32}, "ready-32").status, 202);
  HttpResult ready;
  ASSERT_TRUE(eventually([&] {
    ready = http_request(daemon_->port(), "GET", "/readyz", {}, "");
    return ready.status == 503;
  }));
  EXPECT_NE(ready.body.find("sentry_unreachable"), std::string::npos) << ready.body;
  EXPECT_EQ(ready.body.find("internal"), std::string::npos) << ready.body;
  EXPECT_EQ(ready.body.find("500"), std::string::npos) << ready.body;
}

TEST_F(DaemonTest, StoreGaugesAppearInMetrics) {
  script_completed_run(33, 3300);
  start_daemon();
  ASSERT_EQ(send_issue({.id = 33}, "gauges-33").status, 202);
  ASSERT_TRUE(eventually([&] { return comment_state(33) == "posted"; }));
  // Sampled every 10 s on the gauges' own connection.
  EXPECT_TRUE(eventually(
      [&] {
        return http_request(daemon_->port(), "GET", "/metrics", {}, "")
                   .body.find("autofixd_runs{state=\"completed\"} 1") != std::string::npos;
      },
      std::chrono::seconds(15)));
}

}  // namespace
}  // namespace autofixd::testing
