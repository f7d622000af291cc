// One test per mistake a user can make in the tables other than [[rule]]
// and [[tracker]], asserting the exact message they see.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::error_of;
using testing::kMinimal;
using testing::parse;

std::string with_minimal(std::string_view rest) {
  return std::string(kMinimal) + std::string(rest);
}

TEST(ConfigMistakes, ReportsSyntaxErrorWithLine) {
  EXPECT_EQ(error_of("[server]\nlisten = \n"),
            "autofixd.toml:2: TOML syntax error: Error while parsing key-value pair: expected "
            "value, saw '\\n'");
  EXPECT_EQ(parse("[server\n").error().code, "config.syntax");
}

TEST(ConfigMistakes, RejectsUnknownKeyWithLine) {
  const Result<Config> c = parse(with_minimal("[server]\nlisen = \"127.0.0.1:1\"\n"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "config.unknown_key");
  EXPECT_EQ(c.error().message,
            "autofixd.toml:4: server.lisen: unknown key (did you mean \"listen\"?)");
}

TEST(ConfigMistakes, RejectsUnknownKeyListingKnownKeysWhenNothingIsClose) {
  EXPECT_EQ(error_of(with_minimal("[store]\ndatabase_file = \"x\"\n")),
            "autofixd.toml:4: store.database_file: unknown key (expected one of: path, "
            "body_retention, row_retention, replay_keys_in_memory)");
}

TEST(ConfigMistakes, RejectsUnknownTopLevelTable) {
  EXPECT_EQ(error_of(with_minimal("[polling]\n[servr]\nlisten = \"x:1\"\n")),
            "autofixd.toml:4: servr: unknown key (did you mean \"server\"?)");
}

TEST(ConfigMistakes, RejectsUnknownKeyInNestedTable) {
  EXPECT_EQ(error_of(with_minimal("[server.tls]\npem = \"a\"\n")),
            "autofixd.toml:4: server.tls.pem: unknown key (expected one of: cert_file, key_file)");
}

TEST(ConfigMistakes, SuggestsFullKeyForShortenedKey) {
  EXPECT_EQ(error_of(with_minimal("[server.tls]\ncert = \"a\"\n")),
            "autofixd.toml:4: server.tls.cert: unknown key (did you mean \"cert_file\"?)");
}

TEST(ConfigMistakes, ReportsEveryMistakeInLineOrder) {
  EXPECT_EQ(error_of("[server]\nlisten = 8080\n[sentry]\nbase_url = \"ftp://x\"\n"),
            "autofixd.toml:2: server.listen: 8080 is an integer (expected a string)\n"
            "autofixd.toml:3: sentry.organization: missing (expected the organization slug as "
            "[sentry] organization or in the SENTRY_ORG environment variable)\n"
            "autofixd.toml:4: sentry.base_url: \"ftp://x\" is not an http(s) URL (expected "
            "http(s)://HOST[:PORT], e.g. \"https://sentry.io\")");
}

TEST(ConfigMistakes, RejectsWrongTypeForTable) {
  EXPECT_EQ(error_of("server = \"x\"\n" + std::string(kMinimal)),
            "autofixd.toml:1: server: \"x\" is a string (expected a table)");
}

TEST(ConfigMistakes, RejectsMissingOrganization) {
  EXPECT_EQ(error_of("[sentry]\nbase_url = \"https://sentry.io\"\n"),
            "autofixd.toml:1: sentry.organization: missing (expected the organization slug as "
            "[sentry] organization or in the SENTRY_ORG environment variable)");
}

TEST(ConfigMistakes, RejectsMissingOrganizationWithoutSentryTable) {
  EXPECT_EQ(error_of("[server]\n"),
            "autofixd.toml: sentry.organization: missing (expected the organization slug as "
            "[sentry] organization or in the SENTRY_ORG environment variable)");
}

TEST(ConfigMistakes, RejectsOrganizationThatIsNotASlug) {
  EXPECT_EQ(error_of("[sentry]\norganization = \"acme/x\"\n"),
            "autofixd.toml:2: sentry.organization: \"acme/x\" is not an organization slug "
            "(expected letters, digits, '-', '_' or '.', e.g. \"acme\")");
}

TEST(ConfigMistakes, RejectsListenWithoutPort) {
  EXPECT_EQ(error_of(with_minimal("[server]\nlisten = \"localhost\"\n")),
            "autofixd.toml:4: server.listen: \"localhost\" is not HOST:PORT (expected HOST:PORT "
            "with PORT 0..65535, e.g. \"127.0.0.1:8080\" or \"[::1]:8080\")");
}

TEST(ConfigMistakes, RejectsListenPortOutOfRange) {
  EXPECT_EQ(error_of(with_minimal("[server]\nlisten = \"0.0.0.0:65536\"\n")),
            "autofixd.toml:4: server.listen: \"0.0.0.0:65536\" has an invalid port \"65536\" "
            "(expected HOST:PORT with PORT 0..65535, e.g. \"127.0.0.1:8080\" or \"[::1]:8080\")");
}

TEST(ConfigMistakes, RejectsUnbracketedIpv6Listen) {
  EXPECT_NE(error_of(with_minimal("[server]\nlisten = \"::1:8080\"\n")), "<valid>");
}

TEST(ConfigMistakes, AcceptsPortZeroAndIpv6Listen) {
  const Result<Config> c = parse(with_minimal("[server]\nlisten = \"[::]:0\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.listen_host, "::");
  EXPECT_EQ(c->server.listen_port, 0);
}

TEST(ConfigMistakes, RejectsWebhookPathWithoutLeadingSlash) {
  EXPECT_EQ(error_of(with_minimal("[server]\nwebhook_path = \"sentry/webhook\"\n")),
            "autofixd.toml:4: server.webhook_path: \"sentry/webhook\" does not start with \"/\" "
            "(expected a path such as \"/sentry/webhook\")");
}

TEST(ConfigMistakes, RejectsZeroBodyLimit) {
  EXPECT_EQ(error_of(with_minimal("[server]\nmax_body_bytes = 0\n")),
            "autofixd.toml:4: server.max_body_bytes: 0 is out of range (expected 1..67108864 "
            "bytes (64 MiB))");
}

TEST(ConfigMistakes, RejectsBodyLimitAbove64MiB) {
  EXPECT_EQ(error_of(with_minimal("[server]\nmax_body_bytes = 67108865\n")),
            "autofixd.toml:4: server.max_body_bytes: 67108865 is out of range (expected "
            "1..67108864 bytes (64 MiB))");
}

TEST(ConfigMistakes, RejectsBodyLimitWrittenAsString) {
  EXPECT_EQ(error_of(with_minimal("[server]\nmax_body_bytes = \"1MB\"\n")),
            "autofixd.toml:4: server.max_body_bytes: \"1MB\" is a string (expected an integer)");
}

TEST(ConfigMistakes, RejectsBadDuration) {
  EXPECT_EQ(error_of(with_minimal("[polling]\ntimeout = \"2 hours\"\n")),
            "autofixd.toml:4: polling.timeout: \"2 hours\" has an unknown unit \" hours\" "
            "(expected an integer followed by one of the units ms, s, m, h, d, e.g. \"10s\" or "
            "\"1h30m\")");
}

TEST(ConfigMistakes, RejectsDurationWrittenAsNumber) {
  EXPECT_EQ(error_of(with_minimal("[server]\nheader_timeout = 10\n")),
            "autofixd.toml:4: server.header_timeout: 10 is an integer (expected a duration "
            "string such as \"10s\", \"2m\" or \"24h\")");
}

TEST(ConfigMistakes, RejectsZeroTimeout) {
  EXPECT_EQ(error_of(with_minimal("[server]\nidle_timeout = \"0s\"\n")),
            "autofixd.toml:4: server.idle_timeout: \"0s\" is zero (expected a duration > 0)");
}

TEST(ConfigMistakes, AcceptsZeroSweepIntervalAsOff) {
  const Result<Config> c = parse(with_minimal("[sweep]\ninterval = \"0s\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sweep.interval.count(), 0);
}

TEST(ConfigMistakes, AcceptsZeroBodyRetentionAsKeepForever) {
  const Result<Config> c =
      parse(with_minimal("[store]\npath = \"/tmp/a.db\"\nbody_retention = \"0s\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->store.body_retention.count(), 0);
}

TEST(ConfigMistakes, RejectsBodyRetentionThatIsNotADuration) {
  EXPECT_EQ(error_of(with_minimal("[store]\nbody_retention = 30\n")),
            "autofixd.toml:4: store.body_retention: 30 is an integer (expected a duration "
            "string such as \"10s\", \"2m\" or \"24h\")");
}

TEST(ConfigMistakes, ReplayKeysInMemoryIsACountInRange) {
  auto c = parse(with_minimal("[store]\npath = \"/tmp/a.db\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->store.replay_keys_in_memory, 131072U) << "the default";
  c = parse(with_minimal("[store]\nreplay_keys_in_memory = 1000000\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->store.replay_keys_in_memory, 1000000U);
  EXPECT_EQ(error_of(with_minimal("[store]\nreplay_keys_in_memory = 10\n")),
            "autofixd.toml:4: store.replay_keys_in_memory: 10 is out of range (expected an "
            "integer 1024..100000000)");
}

TEST(ConfigMistakes, RejectsInitialIntervalLongerThanMax) {
  EXPECT_EQ(error_of(with_minimal("[polling]\ninitial_interval = \"5m\"\nmax_interval = \"1m\"\n")),
            "autofixd.toml:4: polling.initial_interval: initial_interval 5m is longer than "
            "max_interval 1m (expected initial_interval <= max_interval)");
}

TEST(ConfigMistakes, RejectsInitialIntervalLongerThanDefaultMax) {
  EXPECT_EQ(error_of(with_minimal("[polling]\ninitial_interval = \"3m\"\n")),
            "autofixd.toml:4: polling.initial_interval: initial_interval 3m is longer than "
            "max_interval 2m (expected initial_interval <= max_interval)");
}

TEST(ConfigMistakes, RejectsUnknownLogLevel) {
  EXPECT_EQ(error_of(with_minimal("[log]\nlevel = \"verbose\"\n")),
            "autofixd.toml:4: log.level: \"verbose\" is not a log level (expected one of trace, "
            "debug, info, warn, error)");
}

TEST(ConfigMistakes, RejectsNonPositiveRequestRate) {
  EXPECT_EQ(error_of("[sentry]\norganization = \"acme\"\nrequests_per_second = 0\n"),
            "autofixd.toml:3: sentry.requests_per_second: 0 is out of range (expected a number > "
            "0 and <= 1000)");
}

TEST(ConfigMistakes, RejectsEmptyStorePath) {
  EXPECT_EQ(error_of(with_minimal("[store]\npath = \"\"\n")),
            "autofixd.toml:4: store.path: is empty (expected a file path, e.g. "
            "\"/var/lib/autofixd/autofixd.db\")");
}

TEST(ConfigMistakes, RejectsTlsCertWithoutKey) {
  EXPECT_EQ(error_of(with_minimal("[server.tls]\ncert_file = \"/c.pem\"\n")),
            "autofixd.toml:3: server.tls.key_file: missing (expected both cert_file and key_file "
            "when cert_file is set)");
}

TEST(ConfigMistakes, RejectsClientSecretsOfWrongTypeWithoutShowingThem) {
  EXPECT_EQ(error_of(with_minimal("[server]\nclient_secrets = [\"ok\", 12345]\n")),
            "autofixd.toml:4: server.client_secrets[1]: is an integer (expected a string)");
  EXPECT_EQ(error_of("[sentry]\norganization = \"acme\"\ntoken = 12345\n"),
            "autofixd.toml:3: sentry.token: is an integer (expected a string)");
}

}  // namespace
}  // namespace autofixd::config
