// SENTRY_HOST and SENTRY_ORG overrides, and the base URL rules they share.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::env_of;
using testing::error_of;
using testing::kMinimal;
using testing::parse;

std::string with_base_url(std::string_view url) {
  return std::string(kMinimal) + "base_url = \"" + std::string(url) + "\"\n";
}

TEST(Environment, SentryHostAcceptsBareHostName) {
  const Result<Config> c = parse(kMinimal, env_of({{"SENTRY_HOST", "sentry.example.com"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sentry.base_url, "https://sentry.example.com");
  EXPECT_EQ(c->env_overrides, (std::vector<std::string>{"SENTRY_HOST"}));
}

TEST(Environment, SentryHostAcceptsUrlAndStripsTrailingSlash) {
  const Result<Config> c = parse(with_base_url("https://sentry.io"),
                                 env_of({{"SENTRY_HOST", "https://s.example:9000/"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sentry.base_url, "https://s.example:9000");
}

TEST(Environment, SentryHostMayUsePlainHttpForLoopback) {
  const Result<Config> c = parse(kMinimal, env_of({{"SENTRY_HOST", "http://127.0.0.1:9000"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sentry.base_url, "http://127.0.0.1:9000");
}

TEST(Environment, RejectsPlainHttpSentryHost) {
  EXPECT_EQ(error_of(kMinimal, env_of({{"SENTRY_HOST", "http://sentry.example.com"}})),
            "autofixd.toml: SENTRY_HOST (environment): \"http://sentry.example.com\" uses plain "
            "http to a host that is not loopback (TLS is required: use https://; http is only "
            "allowed for 127.x.x.x, ::1 and localhost)");
}

TEST(Environment, SentryOrgOverridesFile) {
  const Result<Config> c = parse(kMinimal, env_of({{"SENTRY_ORG", "other"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sentry.organization, "other");
}

TEST(Environment, SentryOrgSuppliesMissingOrganization) {
  const Result<Config> c = parse("[server]\n", env_of({{"SENTRY_ORG", "acme"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sentry.organization, "acme");
}

TEST(Environment, RejectsSentryOrgThatIsNotASlug) {
  EXPECT_EQ(error_of(kMinimal, env_of({{"SENTRY_ORG", "a b"}})),
            "autofixd.toml: SENTRY_ORG (environment): \"a b\" is not an organization slug "
            "(expected letters, digits, '-', '_' or '.', e.g. \"acme\")");
}

TEST(BaseUrl, StripsTrailingSlash) {
  const Result<Config> c = parse(with_base_url("https://sentry.example.com/"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sentry.base_url, "https://sentry.example.com");
}

TEST(BaseUrl, AllowsPlainHttpOnlyForLoopbackHosts) {
  for (const char* url : {"http://127.0.0.1:9000", "http://127.1.2.3", "http://localhost:8000/",
                          "http://[::1]:9000"}) {
    EXPECT_TRUE(parse(with_base_url(url))) << url;
  }
}

TEST(BaseUrl, RejectsPlainHttpForOtherHosts) {
  EXPECT_EQ(error_of(with_base_url("http://sentry.example.com")),
            "autofixd.toml:3: sentry.base_url: \"http://sentry.example.com\" uses plain http to a "
            "host that is not loopback (TLS is required: use https://; http is only allowed for "
            "127.x.x.x, ::1 and localhost)");
  for (const char* url :
       {"http://10.0.0.1", "http://127.0.0.1.evil.com", "http://localhost.evil", "http://[::2]"}) {
    EXPECT_FALSE(parse(with_base_url(url))) << url;
  }
}

TEST(BaseUrl, RejectsPath) {
  EXPECT_EQ(error_of(with_base_url("https://sentry.io/api/0/")),
            "autofixd.toml:3: sentry.base_url: \"https://sentry.io/api/0/\" has more than a "
            "scheme, host and port (expected http(s)://HOST[:PORT], e.g. \"https://sentry.io\")");
}

TEST(BaseUrl, RejectsMissingScheme) {
  EXPECT_EQ(error_of(with_base_url("sentry.io")),
            "autofixd.toml:3: sentry.base_url: \"sentry.io\" is not an http(s) URL (expected "
            "http(s)://HOST[:PORT], e.g. \"https://sentry.io\")");
}

TEST(BaseUrl, RejectsBadPort) {
  EXPECT_FALSE(parse(with_base_url("https://sentry.io:99999")));
  EXPECT_FALSE(parse(with_base_url("https://sentry.io:")));
  EXPECT_FALSE(parse(with_base_url("https://sentry.io:0")));
  EXPECT_FALSE(parse(with_base_url("https://")));
}

}  // namespace
}  // namespace autofixd::config
