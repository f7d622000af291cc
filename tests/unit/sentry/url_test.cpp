#include "sentry/url.hpp"

#include <gtest/gtest.h>

namespace autofixd::sentry {
namespace {

TEST(BaseUrl, HttpsDefaultsToPort443) {
  auto url = parse_base_url("https://sentry.io");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "sentry.io");
  EXPECT_EQ(url->port, 443);
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->path_prefix, "");
  EXPECT_EQ(url->host_header(), "sentry.io");
  EXPECT_EQ(url->authority(), "sentry.io:443");
}

TEST(BaseUrl, HttpLoopbackWithPort) {
  auto url = parse_base_url("http://127.0.0.1:9000/");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_FALSE(url->tls);
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 9000);
  EXPECT_EQ(url->host_header(), "127.0.0.1:9000");
}

TEST(BaseUrl, SchemeAndHostAreCaseInsensitive) {
  auto url = parse_base_url("HTTPS://Sentry.Example.COM:8443");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "sentry.example.com");
  EXPECT_EQ(url->port, 8443);
}

TEST(BaseUrl, KeepsAPathPrefixWithoutTrailingSlash) {
  auto url = parse_base_url("https://example.com/sentry/");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->path_prefix, "/sentry");
}

TEST(BaseUrl, BracketedIpv6) {
  auto url = parse_base_url("http://[::1]:9000");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->host_header(), "[::1]:9000");
}

TEST(BaseUrl, RejectsWhatItCannotUse) {
  for (const char* bad : {"sentry.io", "ftp://sentry.io", "https://", "https://:443",
                          "https://host:0", "https://host:70000", "https://host:12x",
                          "https://user:pw@host", "https://host/?q=1", "https://host#x",
                          "http://::1:80", "https://[::1"}) {
    auto url = parse_base_url(bad);
    EXPECT_FALSE(url.ok()) << bad;
    if (!url.ok()) {
      EXPECT_EQ(url.error().code, "sentry.bad_url");
    }
  }
}

TEST(LoopbackHost, RecognisesLoopbackOnly) {
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("LOCALHOST"));
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("[::1]"));
  EXPECT_FALSE(is_loopback_host("128.0.0.1"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("::2"));
  EXPECT_FALSE(is_loopback_host("localhost.evil.example"));
  EXPECT_FALSE(is_loopback_host("sentry.io"));
}

TEST(IpLiteral, TellsAddressesFromNames) {
  EXPECT_TRUE(is_ip_literal("127.0.0.1"));
  EXPECT_TRUE(is_ip_literal("2001:db8::1"));
  EXPECT_FALSE(is_ip_literal("localhost"));
  EXPECT_FALSE(is_ip_literal("1.2.3"));
}

TEST(UrlEncode, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(url_encode("acme-inc_1.x~"), "acme-inc_1.x~");
  EXPECT_EQ(url_encode("a b/c?d"), "a%20b%2Fc%3Fd");
  EXPECT_EQ(url_encode("0:100:0"), "0%3A100%3A0");
  EXPECT_EQ(url_encode("\xC3\xA9"), "%C3%A9");
}

}  // namespace
}  // namespace autofixd::sentry
