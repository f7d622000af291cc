// Outside systemd nothing else protects the store: what autofixd creates is
// private whatever the umask, and what the operator made keeps its mode.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "store/store.hpp"

namespace autofixd::store {
namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777U;
}

class StoreFileModes : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("autofixd-store-modes-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directory(dir_);
    // The most permissive umask: every bit autofixd does not clear stays.
    old_umask_ = ::umask(0);
  }
  void TearDown() override {
    ::umask(old_umask_);
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  mode_t old_umask_ = 0;
};

TEST_F(StoreFileModes, CreatedDirectoriesAre0700AndTheStoreIs0600) {
  const auto path = dir_ / "state" / "autofixd" / "autofixd.db";
  auto store = Store::open(path.string());
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(mode_of(dir_ / "state"), 0700U);
  EXPECT_EQ(mode_of(dir_ / "state" / "autofixd"), 0700U);
  EXPECT_EQ(mode_of(path), 0600U);
  // SQLite's side files take the store's mode.
  ASSERT_TRUE(std::filesystem::exists(path.string() + "-wal"));
  EXPECT_EQ(mode_of(path.string() + "-wal"), 0600U);
  EXPECT_EQ(mode_of(path.string() + "-shm"), 0600U);
}

TEST_F(StoreFileModes, ExistingDirectoryAndStoreKeepTheirModes) {
  const auto state = dir_ / "state";
  std::filesystem::create_directory(state);
  ::chmod(state.c_str(), 0750);
  const auto path = state / "autofixd.db";
  {
    auto store = Store::open(path.string());
    ASSERT_TRUE(store) << store.error().message;
  }
  ::chmod(path.c_str(), 0640);
  auto again = Store::open(path.string());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(mode_of(state), 0750U);
  EXPECT_EQ(mode_of(path), 0640U);
}

TEST_F(StoreFileModes, UncreatableDirectoryIsAnErrorNamingIt) {
  const auto blocker = dir_ / "file";
  ::close(::open(blocker.c_str(), O_WRONLY | O_CREAT, 0600));
  auto store = Store::open((blocker / "sub" / "autofixd.db").string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, "store.open");
  EXPECT_NE(
      store.error().message.find("cannot create store directory " + (blocker / "sub").string()),
      std::string::npos)
      << store.error().message;
}

}  // namespace
}  // namespace autofixd::store
