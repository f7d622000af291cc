// [server.tls]: the daemon terminates TLS itself. Webhooks arrive over HTTPS
// verified against the test CA; plain HTTP, slow handshakes and unsafe keys
// are refused; SIGHUP swaps the certificate for new connections.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "integration/daemon_fixture.hpp"
#include "integration/raw_webhook.hpp"
#include "integration/test_ca.hpp"
#include "integration/tls_client.hpp"

namespace autofixd::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

std::string tls_keys(const std::string& limits = "") {
  return limits + "[server.tls]\ncert_file = \"{DIR}/tls/cert.pem\"\nkey_file = \"{DIR}/tls/key.pem\"\n";
}

// Copies `certs`' certificate and key into DIR/tls, the key with `key_mode`.
void install_certs(const fs::path& dir, const TestCaFiles& certs, fs::perms key_mode) {
  fs::create_directories(dir / "tls");
  fs::copy_file(certs.cert_pem, dir / "tls" / "cert.pem", fs::copy_options::overwrite_existing);
  fs::copy_file(certs.key_pem, dir / "tls" / "key.pem", fs::copy_options::overwrite_existing);
  fs::permissions(dir / "tls" / "key.pem", key_mode);
}

constexpr fs::perms kOwnerOnly = fs::perms::owner_read | fs::perms::owner_write;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A TCP connection to 127.0.0.1:port that the test drives byte by byte.
class RawSocket {
 public:
  explicit RawSocket(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;
  ~RawSocket() { ::close(fd_); }

  bool connected() const { return connected_; }
  void send(const std::string& bytes) {
    (void)::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }
  // Waits up to `timeout` for the peer to close; true when it did.
  bool closed_by_peer_within(milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[4096];
    for (;;) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline -
                                                                 std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      if (::recv(fd_, buf, sizeof buf, 0) <= 0) return true;
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

class DaemonTlsTest : public DaemonTest {
 protected:
  // A daemon (dry-run) serving `certs`, not yet started.
  void prepare(const TestCaFiles& certs, const std::string& limits = "",
               fs::perms key_mode = kOwnerOnly) {
    daemon_ = std::make_unique<DaemonProcess>(
        daemon_config(fake_, {.with_token = false, .extra_server_keys = tls_keys(limits)}));
    install_certs(daemon_->dir(), certs, key_mode);
  }
  void start_tls(const TestCaFiles& certs, const std::string& limits = "") {
    prepare(certs, limits);
    daemon_->start();
  }
  fs::path key_file() const { return daemon_->dir() / "tls" / "key.pem"; }
  fs::path cert_file() const { return daemon_->dir() / "tls" / "cert.pem"; }
};

TEST_F(DaemonTlsTest, AcceptsASignedWebhookOverTlsVerifiedAgainstTheCa) {
  start_tls(default_test_ca());
  const auto r =
      tls_http(daemon_->port(), default_test_ca().ca_pem, raw_request({.request_id = "tls-1"}));
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_TRUE(eventually([&] { return deliveries() == 1; }));
  EXPECT_TRUE(contains(daemon_->log(), "webhook endpoint: POST https://")) << daemon_->log();
}

TEST_F(DaemonTlsTest, ServesKeepAliveRequestsOnOneTlsConnection) {
  start_tls(default_test_ca());
  TlsClient client(daemon_->port(), default_test_ca().ca_pem);
  ASSERT_EQ(client.connect(), "");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    EXPECT_EQ(client.read_response().status, 200) << i;
  }
}

TEST_F(DaemonTlsTest, PlainHttpIsRefusedWithoutDisturbingATlsClient) {
  start_tls(default_test_ca());
  const std::string webhook = raw_request({.request_id = "tls-concurrent"});
  TlsClient good(daemon_->port(), default_test_ca().ca_pem);
  ASSERT_EQ(good.connect(), "");
  ASSERT_TRUE(good.send(webhook.substr(0, webhook.size() / 2)));

  const auto plain = http_request(daemon_->port(), "GET", "/healthz", {}, "");
  EXPECT_EQ(plain.status, 400) << plain.body;
  EXPECT_TRUE(contains(plain.body, "tls_required")) << plain.body;
  const auto plain_webhook = raw_http(daemon_->port(), raw_request({.request_id = "plain-1"}));
  EXPECT_EQ(plain_webhook.status, 400) << plain_webhook.body;

  ASSERT_TRUE(good.send(webhook.substr(webhook.size() / 2)));
  EXPECT_EQ(good.read_response().status, 202);
  EXPECT_TRUE(eventually([&] { return deliveries() == 1; }));
  EXPECT_TRUE(daemon_->running());
}

TEST_F(DaemonTlsTest, ClientThatDoesNotTrustTheCertificateFailsTheHandshake) {
  start_tls(default_test_ca());
  TlsClient client(daemon_->port(), wrong_name_test_ca().ca_pem);
  EXPECT_TRUE(contains(client.connect(), "certificate verify failed"));
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/healthz", {}, "").status, 400);
}

TEST_F(DaemonTlsTest, SlowHandshakeIsCutOffByHeaderTimeout) {
  start_tls(default_test_ca(), "header_timeout = \"1s\"\n");
  RawSocket silent(daemon_->port());
  RawSocket partial(daemon_->port());
  ASSERT_TRUE(silent.connected() && partial.connected());
  // A TLS record header announcing a ClientHello that never arrives.
  partial.send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01", 8));
  EXPECT_TRUE(partial.closed_by_peer_within(seconds(4)));
  EXPECT_TRUE(silent.closed_by_peer_within(seconds(4)));
}

TEST_F(DaemonTlsTest, RequestHeadTrickledOverTlsIsCutOffByHeaderTimeout) {
  start_tls(default_test_ca(), "header_timeout = \"1s\"\nidle_timeout = \"30s\"\n");
  TlsClient client(daemon_->port(), default_test_ca().ca_pem);
  ASSERT_EQ(client.connect(), "");
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  const auto start = std::chrono::steady_clock::now();
  bool cut = false;
  // One byte every 200 ms, never finishing the head: the daemon closes after
  // header_timeout, and a write after that fails.
  for (int i = 0; i < 40 && !cut; ++i) {
    cut = !client.send(i < static_cast<int>(head.size()) ? head.substr(i, 1) : "a");
    ::usleep(200'000);
  }
  EXPECT_TRUE(cut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(5));
  EXPECT_TRUE(daemon_->running());
}

TEST_F(DaemonTlsTest, GroupReadableKeyFileStopsRunAndCheckConfig) {
  prepare(default_test_ca(), "", kOwnerOnly | fs::perms::group_read);
  const auto [run_status, run_out] = daemon_->cli({"run"});
  EXPECT_EQ(run_status, 1);
  EXPECT_TRUE(contains(daemon_->cli_errors(), key_file().string())) << daemon_->cli_errors();
  EXPECT_TRUE(contains(daemon_->cli_errors(), "readable by group or others"))
      << daemon_->cli_errors();
  const auto [check_status, check_out] = daemon_->cli({"check-config"});
  EXPECT_EQ(check_status, 1);
  EXPECT_TRUE(contains(daemon_->cli_errors(), "server.tls.key_file")) << daemon_->cli_errors();
  EXPECT_TRUE(contains(daemon_->cli_errors(), key_file().string())) << daemon_->cli_errors();
}

TEST_F(DaemonTlsTest, InvalidCertificateStopsRunAndCheckConfig) {
  prepare(default_test_ca());
  std::ofstream(cert_file(), std::ios::trunc) << "not a certificate\n";
  const auto [check_status, check_out] = daemon_->cli({"check-config"});
  EXPECT_EQ(check_status, 1);
  EXPECT_TRUE(contains(daemon_->cli_errors(), cert_file().string())) << daemon_->cli_errors();
  const auto [run_status, run_out] = daemon_->cli({"run"});
  EXPECT_EQ(run_status, 1);
  EXPECT_TRUE(contains(run_out + daemon_->cli_errors(), cert_file().string()))
      << run_out << daemon_->cli_errors();
}

TEST_F(DaemonTlsTest, KeyOfAnotherCertificateStopsCheckConfig) {
  prepare(default_test_ca());
  fs::copy_file(wrong_name_test_ca().key_pem, key_file(), fs::copy_options::overwrite_existing);
  const auto [status, out] = daemon_->cli({"check-config"});
  EXPECT_EQ(status, 1);
  EXPECT_TRUE(contains(daemon_->cli_errors(), key_file().string())) << daemon_->cli_errors();
}

TEST_F(DaemonTlsTest, SighupServesTheNewCertificateAndKeepsTheOldOneWhenTheNewIsBad) {
  start_tls(default_test_ca());
  const std::string old_ca = default_test_ca().ca_pem;
  const std::string new_ca = wrong_name_test_ca().ca_pem;
  auto verifies_with = [&](const std::string& ca) {
    return TlsClient(daemon_->port(), ca).connect().empty();
  };
  ASSERT_TRUE(verifies_with(old_ca));
  ASSERT_FALSE(verifies_with(new_ca));

  const fs::path fresh_dir = daemon_->dir() / "fresh-ca";
  fs::create_directories(fresh_dir);
  const TestCaFiles fresh = generate_test_ca(fresh_dir);
  install_certs(daemon_->dir(), fresh, kOwnerOnly);
  daemon_->send_signal(SIGHUP);
  EXPECT_TRUE(eventually([&] { return verifies_with(fresh.ca_pem); }, seconds(10)))
      << daemon_->log();
  EXPECT_FALSE(verifies_with(old_ca));

  std::ofstream(cert_file(), std::ios::trunc) << "not a certificate\n";
  daemon_->send_signal(SIGHUP);
  EXPECT_TRUE(eventually([&] { return contains(daemon_->log(), "TLS certificate not reloaded"); },
                         seconds(10)))
      << daemon_->log();
  EXPECT_TRUE(verifies_with(fresh.ca_pem));
  const auto r = tls_http(daemon_->port(), fresh.ca_pem, raw_request({.request_id = "after-hup"}));
  EXPECT_EQ(r.status, 202) << r.body;
}

}  // namespace
}  // namespace autofixd::testing
