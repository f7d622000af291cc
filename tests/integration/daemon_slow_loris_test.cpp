// Connections that trickle bytes (slow loris) or just sit there must not
// stop the daemon from answering Sentry, nor make it grow: header_timeout
// ends them however slowly they send, and max_connections caps them.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <fstream>
#include <thread>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

// Connected sockets to 127.0.0.1:port, closed on destruction.
class Sockets {
 public:
  Sockets(std::uint16_t port, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(port);
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        fds_.push_back(fd);
      } else {
        ::close(fd);
      }
    }
  }
  Sockets(const Sockets&) = delete;
  Sockets& operator=(const Sockets&) = delete;
  ~Sockets() {
    for (int fd : fds_) ::close(fd);
  }

  std::size_t size() const { return fds_.size(); }

  // What the first socket receives within `timeout` (until a pause of 200 ms).
  std::string receive_first(std::chrono::milliseconds timeout) {
    std::string in;
    char buf[4096];
    int wait = static_cast<int>(timeout.count());
    pollfd p{fds_.at(0), POLLIN, 0};
    while (::poll(&p, 1, wait) > 0) {
      const auto n = ::recv(fds_.at(0), buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
      wait = 200;
    }
    return in;
  }

  // Sends `bytes` on every socket; a socket the daemon closed is skipped.
  void send_all(const std::string& bytes) {
    for (int fd : fds_) (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  }

  // How many the daemon has closed (end of stream or reset), without waiting.
  std::size_t closed_by_peer() const {
    std::size_t closed = 0;
    for (int fd : fds_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 0) <= 0) continue;
      char buf[512];
      const auto n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT | MSG_PEEK);
      if (n <= 0 || (p.revents & (POLLHUP | POLLERR))) ++closed;
    }
    return closed;
  }

 private:
  std::vector<int> fds_;
};

// VmRSS of `pid` in KiB, or -1.
long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

#if defined(__SANITIZE_ADDRESS__)
// ASan's shadow memory and quarantine dominate RSS; bound only what is
// still meaningful (a leak per connection would blow far past this).
constexpr long kRssBoundKib = 512 * 1024;
#else
constexpr long kRssBoundKib = 64 * 1024;
#endif

class DaemonSlowLorisTest : public DaemonTest {};

TEST_F(DaemonSlowLorisTest, AnswersWebhooksWhileTwoHundredConnectionsTrickleHeaders) {
  start_daemon({.extra_server_keys = "header_timeout = \"3s\"\nmax_connections = 400\n"
                                     "max_connections_per_ip = 400\n"});
  Sockets loris(daemon_->port(), 200);
  ASSERT_EQ(loris.size(), 200u);
  loris.send_all("POST /sentry/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
  std::atomic<bool> trickling{true};
  std::thread trickle([&] {
    // One byte of a header value per connection every 100 ms, never finishing the head.
    for (int i = 0; i < 60 && trickling; ++i) {
      loris.send_all("a");
      ::usleep(100'000);
    }
  });
  const auto r =
      post_webhook(daemon_->port(), "issue", issue_webhook({.id = 42}), "loris-1", kSecret);
  const long rss = rss_kib(daemon_->pid());
  trickling = false;
  trickle.join();
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_GT(rss, 0);
  EXPECT_LT(rss, kRssBoundKib);
  // However slowly they send, header_timeout ends them all.
  EXPECT_TRUE(
      eventually([&] { return loris.closed_by_peer() == loris.size(); }, std::chrono::seconds(30)))
      << loris.closed_by_peer() << " of " << loris.size() << " closed";
  EXPECT_LT(rss_kib(daemon_->pid()), kRssBoundKib);
}

// Connections busy reading a body (head complete, body still coming).
std::string busy_head() {
  return "POST /sentry/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
         "Sentry-Hook-Signature: 00\r\nSentry-Hook-Timestamp: " +
         std::to_string(static_cast<long long>(::time(nullptr))) +
         "\r\nContent-Length: 1000\r\n\r\n{";
}

TEST_F(DaemonSlowLorisTest, RefusesConnectionsBeyondMaxConnectionsWith503WhenAllAreBusy) {
  start_daemon({.extra_server_keys = "body_timeout = \"30s\"\nmax_connections = 20\n"});
  Sockets busy(daemon_->port(), 20);
  ASSERT_EQ(busy.size(), 20u);
  busy.send_all(busy_head());
  ::usleep(500'000);  // heads read: busy from now on, not idle
  HttpResult refused;
  EXPECT_TRUE(eventually(
      [&] {
        refused = http_request(daemon_->port(), "GET", "/healthz", {}, "");
        return refused.status == 503;
      },
      std::chrono::seconds(10)))
      << refused.status << " " << refused.body;
  EXPECT_NE(refused.body.find("too_many_connections"), std::string::npos) << refused.body;
}

TEST_F(DaemonSlowLorisTest, IdleConnectionsMakeRoomAtMaxConnections) {
  start_daemon({.extra_server_keys = "header_timeout = \"30s\"\nmax_connections = 20\n"});
  Sockets idle(daemon_->port(), 20);
  ASSERT_EQ(idle.size(), 20u);
  ::usleep(300'000);
  // The longest-idle connection is closed for the new one.
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/healthz", {}, "").status, 200);
  EXPECT_TRUE(eventually([&] { return idle.closed_by_peer() >= 1; }, std::chrono::seconds(5)));
  EXPECT_NE(http_request(daemon_->port(), "GET", "/metrics", {}, "")
                .body.find("autofixd_http_idle_connections_closed_total"),
            std::string::npos);
}

TEST_F(DaemonSlowLorisTest, OneAddressCannotHoldMoreThanMaxConnectionsPerIp) {
  start_daemon({.extra_server_keys = "header_timeout = \"30s\"\nmax_connections_per_ip = 5\n"});
  {
    Sockets held(daemon_->port(), 5);
    ASSERT_EQ(held.size(), 5u);
    HttpResult refused;
    EXPECT_TRUE(eventually(
        [&] {
          refused = http_request(daemon_->port(), "GET", "/healthz", {}, "");
          return refused.status == 503;
        },
        std::chrono::seconds(10)))
        << refused.status << " " << refused.body;
    EXPECT_NE(refused.body.find("too_many_connections_from_address"), std::string::npos);
  }
  EXPECT_TRUE(eventually(
      [&] { return http_request(daemon_->port(), "GET", "/healthz", {}, "").status == 200; },
      std::chrono::seconds(10)));
}

TEST_F(DaemonSlowLorisTest, AcceptsConnectionsAgainOnceBelowMaxConnections) {
  start_daemon({.extra_server_keys = "body_timeout = \"30s\"\nmax_connections = 20\n"});
  {
    Sockets busy(daemon_->port(), 20);
    busy.send_all(busy_head());
    ::usleep(500'000);
    ASSERT_TRUE(eventually(
        [&] { return http_request(daemon_->port(), "GET", "/healthz", {}, "").status == 503; },
        std::chrono::seconds(10)));
  }
  EXPECT_TRUE(eventually(
      [&] { return http_request(daemon_->port(), "GET", "/healthz", {}, "").status == 200; },
      std::chrono::seconds(10)));
}

// Between requests idle_timeout applies; once the next request's first byte
// arrives, header_timeout bounds its head like a first request's.
TEST_F(DaemonSlowLorisTest, TrickledSecondRequestOnAKeepAliveConnectionIsCutOffByHeaderTimeout) {
  start_daemon({.extra_server_keys = "header_timeout = \"1s\"\nidle_timeout = \"30s\"\n"});
  Sockets conn(daemon_->port(), 1);
  ASSERT_EQ(conn.size(), 1u);
  conn.send_all("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(conn.receive_first(std::chrono::seconds(5)).rfind("HTTP/1.1 200", 0), 0u);
  ::usleep(1'500'000);  // idle longer than header_timeout: still open
  EXPECT_EQ(conn.closed_by_peer(), 0u);

  const std::string head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 40 && conn.closed_by_peer() == 0; ++i) {
    conn.send_all(i < static_cast<int>(head.size()) ? head.substr(i, 1) : "a");
    ::usleep(200'000);
  }
  EXPECT_EQ(conn.closed_by_peer(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

TEST_F(DaemonSlowLorisTest, KeepAliveConnectionIdleWithinIdleTimeoutServesTheNextRequest) {
  start_daemon({.extra_server_keys = "header_timeout = \"1s\"\nidle_timeout = \"30s\"\n"});
  Sockets conn(daemon_->port(), 1);
  ASSERT_EQ(conn.size(), 1u);
  conn.send_all("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(conn.receive_first(std::chrono::seconds(5)).rfind("HTTP/1.1 200", 0), 0u);
  ::usleep(2'000'000);
  conn.send_all("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(conn.receive_first(std::chrono::seconds(5)).rfind("HTTP/1.1 200", 0), 0u);
}

// Beast's parser applies its header limit to what one parse call sees; a
// head sent in pieces must still be capped as a whole.
TEST_F(DaemonSlowLorisTest, HeadSentInPiecesIsCappedAtSixteenKiBInTotal) {
  start_daemon();
  Sockets conn(daemon_->port(), 1);
  ASSERT_EQ(conn.size(), 1u);
  conn.send_all("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  std::string piece;
  for (int i = 0; i < 500; ++i) piece += "X-A: b\r\n";  // 4000 bytes
  for (int i = 0; i < 6; ++i) {
    conn.send_all(piece);
    ::usleep(50'000);
  }
  conn.send_all("\r\n");
  EXPECT_EQ(conn.receive_first(std::chrono::seconds(5)).rfind("HTTP/1.1 431", 0), 0u);
}

}  // namespace
}  // namespace autofixd::testing
