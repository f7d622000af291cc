#pragma once
// A store file written by an older schema version, for the migration tests:
// create(version, sql) makes it at that version with the rows `sql` inserts;
// Store::open(path_) then migrates it to the current one.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/migrations.hpp"
#include "store/store.hpp"

namespace autofixd::store {

class OldStoreTest : public ::testing::Test {
 protected:
  void create(int version, const std::string& sql) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = Database::open(path_);
    ASSERT_TRUE(db);
    ASSERT_TRUE(migrate(*db, version));
    auto inserted = db->exec(sql);
    ASSERT_TRUE(inserted) << inserted.error().message;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The first column of the first row, or -1 when there is none.
  static std::int64_t first_int(Database& db, const std::string& sql) {
    auto stmt = Statement::prepare(db, sql);
    if (!stmt) return -1;
    auto row = stmt->step();
    return row && *row ? stmt->column_int(0) : -1;
  }

  const std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() /
      ("autofixd-old-store-" + std::to_string(::getpid()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  const std::string path_ = (dir_ / "old.db").string();
};

}  // namespace autofixd::store
