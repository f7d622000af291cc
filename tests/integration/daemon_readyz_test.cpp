// /readyz against the real binary: a daemon without a webhook client secret
// refuses every webhook, so it is not ready, and says why with a code only.
#include <csignal>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

class ReadyzTest : public DaemonTest {
 protected:
  // The fixture's config without its client secret (and, to stay short,
  // without a token: dry-run).
  void start_without_client_secret() {
    DaemonOptions options;
    options.with_token = false;
    std::string config = daemon_config(fake_, options);
    const std::string line = "client_secret = \"" + std::string(kSecret) + "\"\n";
    ASSERT_NE(config.find(line), std::string::npos);
    config.erase(config.find(line), line.size());
    daemon_ = std::make_unique<DaemonProcess>(config);
    daemon_->start();
  }

  HttpResult readyz() { return http_request(daemon_->port(), "GET", "/readyz", {}, ""); }
};

TEST_F(ReadyzTest, NoClientSecretIs503WithAReasonCode) {
  start_without_client_secret();
  const HttpResult r = readyz();
  ASSERT_EQ(r.status, 503) << r.body;
  const auto body = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  EXPECT_EQ(body.value("error", ""), "no_client_secret") << r.body;
  // Liveness is another matter: the process serves requests.
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/healthz", {}, "").status, 200);
}

TEST_F(ReadyzTest, ReadyOnceASecretArrivesBySighup) {
  start_without_client_secret();
  ASSERT_EQ(readyz().status, 503);
  std::string text;
  {
    std::ifstream in(daemon_->config_path());
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string server = "[server]\n";
  ASSERT_EQ(text.rfind(server, 0), 0u);
  text.insert(server.size(), "client_secret = \"" + std::string(kSecret) + "\"\n");
  std::ofstream(daemon_->config_path()) << text;  // keeps the file's 0600
  daemon_->send_signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return readyz().status == 200; })) << readyz().body;
}

TEST_F(ReadyzTest, WithAClientSecretItIsReady) {
  start_daemon();
  EXPECT_EQ(readyz().status, 200);
}

}  // namespace
}  // namespace autofixd::testing
