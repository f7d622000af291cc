#include "store/statement_cache.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <optional>
#include <string>

#include "store/sqlite.hpp"

namespace autofixd::store {
namespace {

class StatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(":memory:");
    ASSERT_TRUE(opened) << opened.error().message;
    db_.emplace(std::move(*opened));
    ASSERT_TRUE(db_->exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3);"));
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_->handle(), sql, -1, &stmt, nullptr), SQLITE_OK);
    return stmt;
  }
  std::optional<Database> db_;
};

TEST_F(StatementCacheTest, GivesBackTheSameStatementForTheSameText) {
  StatementCache cache;
  sqlite3_stmt* stmt = prepare("SELECT a FROM t");
  cache.give_back(stmt);
  EXPECT_EQ(cache.take("SELECT a FROM t WHERE a > 1"), nullptr);
  EXPECT_EQ(cache.take("SELECT a FROM t"), stmt);
  EXPECT_EQ(cache.take("SELECT a FROM t"), nullptr) << "a statement is handed out once";
  sqlite3_finalize(stmt);
}

TEST_F(StatementCacheTest, AStatementComesBackResetWithItsBindingsCleared) {
  StatementCache cache;
  sqlite3_stmt* stmt = prepare("SELECT a FROM t WHERE a >= ?1");
  sqlite3_bind_int(stmt, 1, 2);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);  // mid-result: holds a read transaction
  cache.give_back(stmt);
  EXPECT_EQ(sqlite3_stmt_busy(stmt), 0);
  ASSERT_EQ(cache.take("SELECT a FROM t WHERE a >= ?1"), stmt);
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE) << "NULL bound: no row compares >= NULL";
  sqlite3_finalize(stmt);
}

TEST_F(StatementCacheTest, KeepsNoMoreThanItsBound) {
  StatementCache cache;
  for (std::size_t i = 0; i < StatementCache::kMaxIdle + 10; ++i) {
    const std::string sql = "SELECT " + std::to_string(i);
    cache.give_back(prepare(sql.c_str()));
  }
  EXPECT_EQ(cache.idle(), StatementCache::kMaxIdle);
}

TEST_F(StatementCacheTest, TwoLiveStatementsOfOneTextDoNotShareAHandle) {
  auto outer = Statement::prepare(*db_, "SELECT a FROM t ORDER BY a");
  ASSERT_TRUE(outer);
  ASSERT_TRUE(*outer->step());
  EXPECT_EQ(outer->column_int(0), 1);
  {
    auto inner = Statement::prepare(*db_, "SELECT a FROM t ORDER BY a");
    ASSERT_TRUE(inner);
    ASSERT_TRUE(*inner->step());
    EXPECT_EQ(inner->column_int(0), 1);
  }
  ASSERT_TRUE(*outer->step());
  EXPECT_EQ(outer->column_int(0), 2) << "the inner statement did not move the outer one";
}

TEST_F(StatementCacheTest, ACachedStatementSurvivesASchemaChange) {
  { ASSERT_TRUE(Statement::prepare(*db_, "SELECT * FROM t ORDER BY a")); }
  ASSERT_TRUE(db_->exec("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'"));
  auto stmt = Statement::prepare(*db_, "SELECT * FROM t ORDER BY a");
  ASSERT_TRUE(stmt);
  ASSERT_TRUE(*stmt->step());
  EXPECT_EQ(stmt->column_text(1), "x");
}

TEST_F(StatementCacheTest, TransactionsRunThroughTheCacheAndStillRollBack) {
  for (int i = 0; i < 3; ++i) {
    Transaction tx(*db_);
    ASSERT_TRUE(tx.began());
    ASSERT_TRUE(db_->run("INSERT INTO t VALUES (9)"));
    {
      Transaction nested(*db_);
      ASSERT_TRUE(nested.began());
      ASSERT_TRUE(db_->run("INSERT INTO t VALUES (10)"));
    }  // rolled back to its savepoint
    if (i == 1) {
      ASSERT_TRUE(tx.commit());
    }
  }
  auto count = Statement::prepare(*db_, "SELECT COUNT(*) FROM t WHERE a >= 9");
  ASSERT_TRUE(count);
  ASSERT_TRUE(*count->step());
  EXPECT_EQ(count->column_int(0), 1);
}

}  // namespace
}  // namespace autofixd::store
