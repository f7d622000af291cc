// [server] max_pending_deliveries bounds the deliveries stored but not yet
// processed: past it the webhook answers 503 with Retry-After and stores
// nothing, and it accepts again once the processor has caught up.
#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

class DaemonBacklogTest : public DaemonTest {};

TEST_F(DaemonBacklogTest, RefusesPastTheBoundAndRecoversAfterTheDrain) {
  for (std::int64_t issue : {1, 2, 3}) fake_.set_issue(issue, issue_json({.id = issue}));
  // Processing of the first delivery stalls on its issue details.
  fake_.delay_next("GET", fake_.issue_path(1), 1, std::chrono::milliseconds(2000));
  start_daemon({.extra_server_keys = "max_pending_deliveries = 2\n"});

  ASSERT_EQ(send_issue({.id = 1}, "backlog-1").status, 202);
  ASSERT_TRUE(eventually([&] { return fake_.count("GET", fake_.issue_path(1)) == 1; }));
  ASSERT_EQ(send_issue({.id = 2}, "backlog-2").status, 202);

  const auto refused = send_issue({.id = 3}, "backlog-3");
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_NE(refused.body.find("backlog_full"), std::string::npos) << refused.body;
  EXPECT_NE(refused.headers.find("Retry-After"), std::string::npos) << refused.headers;
  EXPECT_EQ(deliveries(), 2);

  // The stalled answer arrives, both deliveries are decided, intake reopens.
  ASSERT_TRUE(eventually([&] { return counts().deliveries_pending == 0; }));
  ASSERT_TRUE(eventually([&] { return send_issue({.id = 3}, "backlog-3").status == 202; }));
  EXPECT_EQ(deliveries(), 3);
  ASSERT_TRUE(eventually([&] { return autofix_posts(3) == 1; }));
  EXPECT_EQ(autofix_posts(1), 1u);
  EXPECT_EQ(autofix_posts(2), 1u);
}

}  // namespace
}  // namespace autofixd::testing
