// Loading valid files: defaults, every key, the shipped example configs.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::env_of;
using testing::kMinimal;
using testing::parse;

const std::filesystem::path kRepoConfigDir =
    std::filesystem::path(AUTOFIXD_FIXTURES).parent_path().parent_path() / "config";

TEST(LoadConfig, MinimalConfigGetsDefaults) {
  const Result<Config> c = parse(kMinimal);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.listen_host, "127.0.0.1");
  EXPECT_EQ(c->server.listen_port, 8080);
  EXPECT_EQ(c->server.webhook_path, "/sentry/webhook");
  EXPECT_EQ(c->server.max_body_bytes, 1024u * 1024u);
  EXPECT_EQ(c->server.timestamp_tolerance, minutes{5});
  EXPECT_EQ(c->sentry.base_url, "https://sentry.io");
  EXPECT_EQ(c->sentry.organization, "acme");
  EXPECT_TRUE(c->dry_run());
  EXPECT_EQ(c->sentry.token_source, "");
  EXPECT_TRUE(c->server.client_secrets.empty());
  EXPECT_EQ(c->polling.initial_interval, seconds{10});
  EXPECT_EQ(c->watch.expire_after, hours{7 * 24});
  EXPECT_EQ(c->sweep.interval, minutes{10});
  EXPECT_EQ(c->store.body_retention, hours{30 * 24});
  EXPECT_EQ(c->log.level, "info");
  EXPECT_TRUE(c->rules.empty());
  EXPECT_TRUE(c->env_overrides.empty());
}

TEST(LoadConfig, ReadsEveryKey) {
  testing::TempDir dir;
  const std::string key = dir.write("key.pem", "key\n");
  std::string text = R"(
[server]
listen = "[::1]:9090"
webhook_path = "/hooks/sentry"
max_body_bytes = 2048
header_timeout = "5s"
body_timeout = "15s"
idle_timeout = "2m"
max_connections = 64
timestamp_tolerance = "1m"
client_secrets = ["old", "new"]
[server.tls]
cert_file = "/etc/autofixd/cert.pem"
key_file = "{KEY}"

[sentry]
base_url = "https://sentry.example.com:9000/"
organization = "acme"
token = "inline-token"
ca_file = "/etc/ssl/private-ca.pem"
requests_per_second = 2.5
max_concurrent_requests = 2
connect_timeout = "3s"
request_timeout = "20s"

[store]
path = "/srv/autofixd.db"

[polling]
initial_interval = "1s"
max_interval = "1s"
timeout = "1h30m"

[watch]
recheck_interval = "30s"
expire_after = "2d"

[sweep]
interval = "0s"

[log]
level = "debug"
)";
  text.replace(text.find("{KEY}"), 5, key);
  const Result<Config> c = parse(text);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.listen_host, "::1");
  EXPECT_EQ(c->server.listen_port, 9090);
  EXPECT_EQ(c->server.webhook_path, "/hooks/sentry");
  EXPECT_EQ(c->server.max_body_bytes, 2048u);
  EXPECT_EQ(c->server.header_timeout, seconds{5});
  EXPECT_EQ(c->server.body_timeout, seconds{15});
  EXPECT_EQ(c->server.idle_timeout, minutes{2});
  EXPECT_EQ(c->server.max_connections, 64u);
  EXPECT_EQ(c->server.timestamp_tolerance, minutes{1});
  EXPECT_EQ(c->server.client_secrets, (std::vector<std::string>{"old", "new"}));
  EXPECT_EQ(c->server.tls.cert_file, "/etc/autofixd/cert.pem");
  EXPECT_EQ(c->server.tls.key_file, key);
  EXPECT_EQ(c->sentry.base_url, "https://sentry.example.com:9000");
  EXPECT_EQ(c->sentry.token, "inline-token");
  EXPECT_EQ(c->sentry.token_source, "config key sentry.token");
  EXPECT_FALSE(c->dry_run());
  EXPECT_EQ(c->sentry.ca_file, "/etc/ssl/private-ca.pem");
  EXPECT_DOUBLE_EQ(c->sentry.requests_per_second, 2.5);
  EXPECT_EQ(c->sentry.max_concurrent_requests, 2u);
  EXPECT_EQ(c->sentry.connect_timeout, seconds{3});
  EXPECT_EQ(c->sentry.request_timeout, seconds{20});
  EXPECT_EQ(c->store.path, "/srv/autofixd.db");
  EXPECT_EQ(c->polling.initial_interval, seconds{1});
  EXPECT_EQ(c->polling.max_interval, seconds{1});
  EXPECT_EQ(c->polling.timeout, minutes{90});
  EXPECT_EQ(c->watch.recheck_interval, seconds{30});
  EXPECT_EQ(c->watch.expire_after, hours{48});
  EXPECT_EQ(c->sweep.interval, Millis{0});
  EXPECT_EQ(c->log.level, "debug");
}

TEST(LoadConfig, AcceptsInlineTlsTable) {
  testing::TempDir dir;
  const std::string key = dir.write("k.pem", "key\n");
  const Result<Config> c =
      parse(std::string(kMinimal) + "[server]\ntls = { cert_file = \"/c.pem\", key_file = \"" +
            key + "\" }\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.tls.cert_file, "/c.pem");
}

TEST(LoadConfig, MergesClientSecretsFromServerAndSentry) {
  const Result<Config> c = parse(R"([server]
client_secret = "a"
client_secrets = ["b", "a"]
[sentry]
organization = "acme"
client_secret = "c"
)");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.client_secrets, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(c->server.client_secret_sources,
            (std::vector<std::string>{"config key server.client_secret",
                                      "config key server.client_secrets[0]",
                                      "config key sentry.client_secret"}));
}

TEST(LoadConfig, ResolvesRelativePathsAgainstConfigDirectory) {
  testing::TempDir dir;
  dir.write("etc/tls/key.pem", "key\n");
  const std::string config_path = dir.write("etc/autofixd.toml", std::string(kMinimal) + R"(
ca_file = "certs/ca.pem"
[server.tls]
cert_file = "tls/cert.pem"
key_file = "tls/key.pem"
[store]
path = "../var/autofixd.db"
)");
  const Result<Config> c = load_config(config_path, env_of());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->store.path, (dir.path() / "var/autofixd.db").string());
  EXPECT_EQ(c->sentry.ca_file, (dir.path() / "etc/certs/ca.pem").string());
  EXPECT_EQ(c->server.tls.cert_file, (dir.path() / "etc/tls/cert.pem").string());
  EXPECT_EQ(c->server.tls.key_file, (dir.path() / "etc/tls/key.pem").string());
  EXPECT_EQ(c->source, config_path);
}

TEST(LoadConfig, ReportsMissingFile) {
  const Result<Config> c = load_config("/nonexistent/autofixd.toml", env_of());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "config.file");
  EXPECT_EQ(c.error().message,
            "/nonexistent/autofixd.toml: cannot read the config file: No such file or directory");
}

TEST(LoadConfig, ShippedLocalConfigLoadsInDryRun) {
  // scripts/dev run passes the test secret in the environment: the file,
  // world-readable in a checkout, holds none.
  const Result<Config> c = load_config(kRepoConfigDir / "autofixd.local.toml",
                                       env_of({{"SENTRY_CLIENT_SECRET", "local-dev-secret"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->dry_run());
  EXPECT_EQ(c->server.listen_host, "127.0.0.1");
  EXPECT_EQ(c->server.listen_port, 8080);
  EXPECT_EQ(c->server.client_secrets, (std::vector<std::string>{"local-dev-secret"}));
  const std::filesystem::path repo = std::filesystem::absolute(kRepoConfigDir).parent_path();
  EXPECT_EQ(c->store.path, (repo / "var/autofixd.db").lexically_normal().string());
  EXPECT_FALSE(c->rules.empty());
}

TEST(LoadConfig, ShippedProductionConfigLoadsWithSecretsFromEnvironment) {
  // The /run/credentials files do not exist here; the environment wins, so
  // they are never opened.
  const Result<Config> c =
      load_config(kRepoConfigDir / "autofixd.toml",
                  env_of({{"SENTRY_TOKEN", "tok"}, {"SENTRY_CLIENT_SECRET", "sec"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->dry_run());
  EXPECT_EQ(c->store.path, "/var/lib/autofixd/autofixd.db");
  EXPECT_EQ(c->server.client_secrets, (std::vector<std::string>{"sec"}));
  // Tiered: the PR tier first, the root-cause tier it continues after it.
  ASSERT_EQ(c->rules.size(), 4u);
  EXPECT_EQ(c->rules[0].name, "backend-prs");
  EXPECT_EQ(c->rules[0].stopping_point, StoppingPoint::open_pr);
  EXPECT_EQ(c->rules[1].name, "backend-errors");
  EXPECT_EQ(c->rules[1].stopping_point, StoppingPoint::root_cause);
}

TEST(LoadConfig, ShippedProductionConfigNamesMissingCredentialFiles) {
  const Result<Config> c = load_config(kRepoConfigDir / "autofixd.toml", env_of());
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("sentry.token_file: cannot read "
                                   "\"/run/credentials/autofixd.service/sentry-token\""),
            std::string::npos)
      << c.error().message;
}

TEST(StoppingPoint, RoundTripsAllFour) {
  for (const StoppingPoint p : {StoppingPoint::root_cause, StoppingPoint::solution,
                                StoppingPoint::code_changes, StoppingPoint::open_pr}) {
    EXPECT_EQ(parse_stopping_point(to_string(p)), p);
  }
  EXPECT_FALSE(parse_stopping_point("open-pr"));
}

TEST(NamedFixability, UsesSentryThresholds) {
  EXPECT_EQ(named_fixability("super_low"), 0.0);
  EXPECT_EQ(named_fixability("low"), 0.25);
  EXPECT_EQ(named_fixability("medium"), 0.40);
  EXPECT_EQ(named_fixability("high"), 0.66);
  EXPECT_EQ(named_fixability("super_high"), 0.76);
  EXPECT_FALSE(named_fixability("mediumish"));
}

}  // namespace
}  // namespace autofixd::config
