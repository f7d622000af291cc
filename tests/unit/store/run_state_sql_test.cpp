// The store's SQL names run states through two lists (run_state_sql.hpp);
// they must say what is_terminal() says, and the active one what the
// schema's one-active-run-per-issue index counts.
#include <string>

#include <gtest/gtest.h>

#include "store/run_state_sql.hpp"
#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

constexpr RunState kEveryState[] = {RunState::pending,   RunState::starting, RunState::running,
                                    RunState::completed, RunState::failed,   RunState::needs_input,
                                    RunState::timed_out, RunState::cancelled};

bool lists(std::string_view list, RunState state) {
  return list.find("'" + std::string(to_string(state)) + "'") != std::string_view::npos;
}

TEST(RunStateSqlTest, EveryStateIsInExactlyOneListAsIsTerminalSays) {
  for (const RunState state : kEveryState) {
    EXPECT_EQ(lists(kActiveRunStates, state), !is_terminal(state)) << to_string(state);
    EXPECT_EQ(lists(kEndedRunStates, state), is_terminal(state)) << to_string(state);
  }
}

TEST(RunStateSqlTest, SqlJoinJoinsLiteralsIntoOneString) {
  static constexpr auto kJoined = sql_join("state IN ", kActiveRunStates, " AND x");
  EXPECT_STREQ(kJoined.data(), "state IN ('pending','starting','running','needs_input') AND x");
  EXPECT_EQ(kJoined.size(), std::string_view(kJoined.data()).size() + 1);
}

class RunStateSchemaTest : public StoreTest {};

TEST_F(RunStateSchemaTest, TheUniqueIndexCountsTheActiveStates) {
  auto stmt = Statement::prepare(
      store_->database(), "SELECT sql FROM sqlite_master WHERE name = 'runs_one_active_per_issue'");
  ASSERT_TRUE(stmt) << stmt.error().message;
  auto row = stmt->step();
  ASSERT_TRUE(row && *row);
  const std::string sql = stmt->column_text(0);
  EXPECT_NE(sql.find(std::string("WHERE state IN ") + kActiveRunStates), std::string::npos) << sql;
}

}  // namespace
}  // namespace autofixd::store
