#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "store/store.hpp"

namespace autofixd::store {
namespace {

class MigrationProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  const std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                                     ("autofixd-migration-progress-" + std::to_string(::getpid()));
  const std::string path_ = (dir_ / "autofixd.db").string();
  std::vector<std::pair<int, Millis>> reports_;
  MigrationProgress record_ = [this](int to, Millis elapsed) {
    reports_.emplace_back(to, elapsed);
  };
};

// Each migration says it starts (elapsed 0) before its transaction runs:
// the daemon tells systemd to keep waiting from the first one on.
TEST_F(MigrationProgressTest, AnOlderStoreReportsEachMigrationItRuns) {
  {
    auto db = Database::open(path_);
    ASSERT_TRUE(db);
    ASSERT_TRUE(migrate(*db, 9));
  }
  auto store = Store::open(path_, record_);
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_EQ(reports_.size(), 3U);
  EXPECT_EQ(reports_[0], std::make_pair(10, Millis{0}));
  EXPECT_EQ(reports_[1], std::make_pair(11, Millis{0}));
  EXPECT_EQ(reports_[2], std::make_pair(12, Millis{0}));
}

TEST_F(MigrationProgressTest, AStoreAtTheCurrentVersionReportsNothing) {
  ASSERT_TRUE(Store::open(path_));
  auto again = Store::open(path_, record_);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(reports_.empty());
}

TEST_F(MigrationProgressTest, ANewStoreReportsEveryVersionInOrder) {
  ASSERT_TRUE(Store::open(path_, record_));
  ASSERT_EQ(reports_.size(), static_cast<std::size_t>(kSchemaVersion));
  for (int v = 1; v <= kSchemaVersion; ++v) EXPECT_EQ(reports_[v - 1].first, v);
}

// The handler is removed when a migration ends: later statements on the
// same connection never call a report whose owner is gone.
TEST_F(MigrationProgressTest, NothingIsReportedOnceTheMigrationEnded) {
  auto db = Database::open(path_);
  ASSERT_TRUE(db);
  ASSERT_TRUE(migrate(*db, kSchemaVersion, record_));
  const auto reported = reports_.size();
  ASSERT_TRUE(
      db->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
               "WHERE i < 3000000) SELECT COUNT(*) FROM n"));
  EXPECT_EQ(reports_.size(), reported);
}

}  // namespace
}  // namespace autofixd::store
