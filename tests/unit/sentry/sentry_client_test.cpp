#include "sentry/sentry_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

namespace autofixd::sentry {
namespace {

config::SentryConfig config_with(std::string base_url, std::string ca_file = "") {
  config::SentryConfig config;
  config.base_url = std::move(base_url);
  config.organization = "acme";
  config.token = "t0k";
  config.ca_file = std::move(ca_file);
  return config;
}

TEST(SentryClientCreate, AcceptsHttpsAndLoopbackHttp) {
  boost::asio::io_context io;
  EXPECT_TRUE(SentryClient::create(io.get_executor(), config_with("https://sentry.io")).ok());
  EXPECT_TRUE(SentryClient::create(io.get_executor(), config_with("http://127.0.0.1:9000")).ok());
}

TEST(SentryClientCreate, BadBaseUrlIsAConfigError) {
  boost::asio::io_context io;
  auto client = SentryClient::create(io.get_executor(), config_with("ftp://sentry.io"));
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, "sentry.config");
  EXPECT_NE(client.error().message.find("ftp://sentry.io"), std::string::npos);
}

TEST(SentryClientCreate, UnreadableCaFileIsAConfigError) {
  boost::asio::io_context io;
  auto client = SentryClient::create(io.get_executor(),
                                     config_with("https://sentry.io", "/nonexistent/ca.pem"));
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, "sentry.config");
  EXPECT_NE(client.error().message.find("/nonexistent/ca.pem"), std::string::npos);
}

}  // namespace
}  // namespace autofixd::sentry
