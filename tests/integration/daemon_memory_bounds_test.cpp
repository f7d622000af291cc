// Memory a client can make the daemon hold is bounded: chunk framing stops at
// the read buffer's limit (head + max_body_bytes + 64 KiB), long chunk
// extensions are refused, a webhook without a signature or with a stale
// timestamp is refused before its body is read, and bodies being read at
// once share [server] max_body_memory.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "integration/daemon_fixture.hpp"
#include "integration/raw_webhook.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::milliseconds;

// A connection that sends raw bytes and reads what comes back.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port)
      : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection() { ::close(fd_); }

  bool connected() const { return connected_; }
  // Sends what the peer accepts within `timeout`; false when it stopped reading.
  bool send(const std::string& bytes, milliseconds timeout = milliseconds(3000)) {
    std::size_t at = 0;
    while (at < bytes.size()) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
      const auto n = ::send(fd_, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n <= 0) return false;
      at += static_cast<std::size_t>(n);
    }
    return true;
  }
  // What arrives within `timeout` (until the peer closes or pauses 200 ms).
  std::string receive(milliseconds timeout) {
    std::string in;
    char buf[4096];
    int wait = static_cast<int>(timeout.count());
    pollfd p{fd_, POLLIN, 0};
    while (::poll(&p, 1, wait) > 0) {
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
      wait = 200;
    }
    return in;
  }

 private:
  int fd_;
  bool connected_ = false;
};

long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// A signed-looking webhook head for a chunked body.
std::string chunked_head() {
  RawWebhook w;
  w.content_length.reset();
  w.signature = "0123456789abcdef";  // present: the signature is checked with the body
  w.extra_headers = "Transfer-Encoding: chunked\r\n";
  return raw_head(w);
}

TEST_F(DaemonTest, EndlessChunkLineStopsAtTheReadBufferBound) {
  start_daemon();  // max_body_bytes = 65536: the buffer holds at most 16 + 64 + 64 KiB
  const long before = rss_kib(daemon_->pid());
  std::vector<std::unique_ptr<RawConnection>> floods;
  for (int i = 0; i < 8; ++i) {
    floods.push_back(std::make_unique<RawConnection>(daemon_->port()));
    ASSERT_TRUE(floods.back()->connected());
    floods.back()->send(chunked_head() + "1;" + std::string(400 * 1024, 'a'));
  }
  for (auto& flood : floods) {
    const std::string answer = flood->receive(milliseconds(5000));
    EXPECT_NE(answer.find("413"), std::string::npos) << answer.substr(0, 200);
  }
  const long after = rss_kib(daemon_->pid());
  EXPECT_LT(after - before, 64 * 1024) << "RSS grew from " << before << " to " << after << " KiB";
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/healthz", {}, "").status, 200);
}

TEST_F(DaemonTest, LongChunkExtensionIsRefused) {
  start_daemon();
  RawConnection c(daemon_->port());
  ASSERT_TRUE(c.send(chunked_head() + "1;" + std::string(2000, 'e') + "\r\nx\r\n0\r\n\r\n"));
  const std::string answer = c.receive(milliseconds(5000));
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer.substr(0, 200);
}

TEST_F(DaemonTest, UnsignedOrStaleWebhookIsRefusedBeforeItsBody) {
  start_daemon();
  RawWebhook unsigned_hook;
  unsigned_hook.signature.reset();
  unsigned_hook.content_length = "60000";
  RawWebhook stale;
  stale.timestamp = "1000000000";
  stale.content_length = "60000";
  for (const RawWebhook& w : {unsigned_hook, stale}) {
    RawConnection c(daemon_->port());
    ASSERT_TRUE(c.send(raw_head(w)));  // the body never comes: body_timeout is 30 s
    const std::string answer = c.receive(milliseconds(3000));
    EXPECT_EQ(answer.rfind("HTTP/1.1 401", 0), 0u) << answer.substr(0, 300);
  }
  EXPECT_EQ(deliveries(), 0);
}

TEST_F(DaemonTest, BodiesBeingReadShareMaxBodyMemory) {
  start_daemon({.extra_server_keys = "max_body_memory = 100000\n"});
  RawWebhook big;
  big.content_length = "60000";
  RawConnection first(daemon_->port());
  ASSERT_TRUE(first.send(raw_head(big) + "{\"action\""));  // 60000 bytes reserved, body pending
  ::usleep(300'000);
  RawConnection second(daemon_->port());
  ASSERT_TRUE(second.send(raw_head(big)));
  const std::string busy = second.receive(milliseconds(3000));
  EXPECT_EQ(busy.rfind("HTTP/1.1 503", 0), 0u) << busy.substr(0, 300);
  EXPECT_NE(busy.find("server_busy"), std::string::npos);
  EXPECT_NE(busy.find("Retry-After: 1"), std::string::npos);
  EXPECT_NE(http_request(daemon_->port(), "GET", "/metrics", {}, "")
                .body.find("autofixd_http_rejected_for_memory_total 1"),
            std::string::npos);
  // Small bodies still fit beside the held one, and the share comes back.
  EXPECT_EQ(send_issue({.id = 5}, "memory-5").status, 202);
}

}  // namespace
}  // namespace autofixd::testing
