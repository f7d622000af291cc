// Outside systemd, the store the real binary creates is private whatever the
// umask it was started with: directory 0700, file (and WAL) 0600.
#include <sys/stat.h>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777U;
}

class StoreModesTest : public DaemonTest {
 protected:
  // The daemon inherits the umask at spawn; 0 lets every bit through.
  void before_start() override { old_umask_ = ::umask(0); }
  void TearDown() override {
    ::umask(old_umask_);
    DaemonTest::TearDown();
  }
  mode_t old_umask_ = 022;
};

TEST_F(StoreModesTest, StoreDirectoryIs0700AndStoreFilesAre0600) {
  start_daemon();
  ::umask(old_umask_);
  const auto store = daemon_->store_path();
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(store.string() + "-wal"); }));
  EXPECT_EQ(mode_of(store.parent_path()), 0700U);
  EXPECT_EQ(mode_of(store), 0600U);
  EXPECT_EQ(mode_of(store.string() + "-wal"), 0600U);
}

}  // namespace
}  // namespace autofixd::testing
