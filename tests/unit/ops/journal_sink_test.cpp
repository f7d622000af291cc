// The native journal path, against a datagram socket bound where journald's
// would be. Runs only where no journald listens and /run may be written
// (CI runs as root); elsewhere it is skipped, never pointed at a real journal.
#include "ops/journal_sink.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <spdlog/logger.h>

namespace autofixd::ops {
namespace {

namespace fs = std::filesystem;

const fs::path kSocket = "/run/systemd/journal/socket";

class JournalSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (fs::exists(kSocket)) GTEST_SKIP() << "journald listens here";
    std::error_code ec;
    for (fs::path dir : {fs::path("/run/systemd"), kSocket.parent_path()}) {
      if (!fs::exists(dir) && fs::create_directory(dir, ec)) created_.insert(created_.begin(), dir);
    }
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, kSocket.c_str(), sizeof addr.sun_path - 1);
    if (ec || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      GTEST_SKIP() << "cannot bind " << kSocket << " here (not root?)";
    }
    bound_ = true;
  }
  void TearDown() override {
    if (fd_ >= 0) ::close(fd_);
    std::error_code ec;
    if (bound_) fs::remove(kSocket, ec);
    for (const auto& dir : created_) fs::remove(dir, ec);
  }

  // The next datagram, or "" after 2 s.
  std::string receive() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 2000) <= 0) return "";
    char buf[8192];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
  }

  int fd_ = -1;
  bool bound_ = false;
  std::vector<fs::path> created_;
};

TEST_F(JournalSinkTest, ALineReachesTheJournalWithItsIdsAsFields) {
  EXPECT_TRUE(journal_socket_present());
  spdlog::logger logger("", make_journal_sink());
  logger.warn("run 3: poll failed on issue 4711: HTTP 502");
  const std::string datagram = receive();
  EXPECT_NE(datagram.find("MESSAGE=run 3: poll failed on issue 4711: HTTP 502\n"),
            std::string::npos)
      << datagram;
  EXPECT_NE(datagram.find("PRIORITY=4\n"), std::string::npos) << datagram;
  EXPECT_NE(datagram.find("SYSLOG_IDENTIFIER=autofixd\n"), std::string::npos) << datagram;
  EXPECT_NE(datagram.find("ISSUE_ID=4711\n"), std::string::npos) << datagram;
  EXPECT_NE(datagram.find("RUN_ID=3\n"), std::string::npos) << datagram;
  EXPECT_EQ(datagram.find("DELIVERY_ID="), std::string::npos) << datagram;
}

}  // namespace
}  // namespace autofixd::ops
