#include "ops/listen_fds.hpp"

#include <gtest/gtest.h>

namespace autofixd::ops {
namespace {

const ListenAddress kWebhook{"127.0.0.1", 8080};
const ListenAddress kOps{"127.0.0.1", 9090};

InheritedSocket socket_at(int fd, std::string host, std::uint16_t port,
                          std::string name = "unknown") {
  return {fd, std::move(name), std::move(host), port};
}

TEST(AssignSockets, NoSocketsMeansEachListenerBindsItself) {
  auto assigned = assign_sockets({}, kWebhook, kOps);
  ASSERT_TRUE(assigned) << assigned.error().message;
  EXPECT_FALSE(assigned->webhook);
  EXPECT_FALSE(assigned->ops);
}

TEST(AssignSockets, MatchesByAddressWhenUnnamed) {
  auto assigned = assign_sockets({socket_at(3, "127.0.0.1", 9090), socket_at(4, "127.0.0.1", 8080)},
                                 kWebhook, kOps);
  ASSERT_TRUE(assigned) << assigned.error().message;
  EXPECT_EQ(assigned->webhook, 4);
  EXPECT_EQ(assigned->ops, 3);
}

TEST(AssignSockets, WildcardOnEitherSideMatchesTheSamePort) {
  auto socket_wildcard = assign_sockets({socket_at(3, "0.0.0.0", 8080)}, kWebhook, std::nullopt);
  ASSERT_TRUE(socket_wildcard);
  EXPECT_EQ(socket_wildcard->webhook, 3);
  auto config_wildcard = assign_sockets({socket_at(3, "::1", 8080)}, {"::", 8080}, std::nullopt);
  ASSERT_TRUE(config_wildcard);
  EXPECT_EQ(config_wildcard->webhook, 3);
}

TEST(AssignSockets, NamesWinOverAddresses) {
  // The socket unit says which is which; the port need not match the config.
  auto assigned = assign_sockets(
      {socket_at(3, "0.0.0.0", 443, "webhook"), socket_at(4, "127.0.0.1", 8080, "ops")}, kWebhook,
      kOps);
  ASSERT_TRUE(assigned) << assigned.error().message;
  EXPECT_EQ(assigned->webhook, 3);
  EXPECT_EQ(assigned->ops, 4);
}

TEST(AssignSockets, RefusesASocketThatFitsNoListener) {
  auto assigned = assign_sockets({socket_at(3, "127.0.0.1", 7000)}, kWebhook, kOps);
  ASSERT_FALSE(assigned);
  EXPECT_EQ(assigned.error().code, "systemd.listen_fds");
  EXPECT_NE(assigned.error().message.find("fd 3 (127.0.0.1:7000"), std::string::npos)
      << assigned.error().message;
  EXPECT_NE(assigned.error().message.find("ops_listen (127.0.0.1:9090)"), std::string::npos);
}

TEST(AssignSockets, RefusesAnOpsSocketWithoutOpsListen) {
  auto assigned = assign_sockets({socket_at(3, "127.0.0.1", 9090, "ops")}, kWebhook, std::nullopt);
  ASSERT_FALSE(assigned);
  EXPECT_NE(assigned.error().message.find("ops_listen is not set"), std::string::npos);
}

TEST(AssignSockets, RefusesTwoSocketsForOneListener) {
  auto assigned = assign_sockets({socket_at(3, "127.0.0.1", 8080), socket_at(4, "0.0.0.0", 8080)},
                                 kWebhook, std::nullopt);
  ASSERT_FALSE(assigned);
  EXPECT_NE(assigned.error().message.find("two sockets for [server] listen"), std::string::npos)
      << assigned.error().message;
}

}  // namespace
}  // namespace autofixd::ops
