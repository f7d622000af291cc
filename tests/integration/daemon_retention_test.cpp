// [store] body_retention: bodies of processed deliveries go once they are
// old enough; pending deliveries keep theirs, and every row stays.
#include <csignal>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

class RetentionTest : public DaemonTest {};

TEST_F(RetentionTest, OldBodiesOfProcessedDeliveriesAreDeletedAndTheirRowsKept) {
  start_daemon({.extra_store_keys = "body_retention = \"2s\"\n"});
  // Issues that do not qualify: each delivery ends as a skip decision.
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(send_issue({.id = 700 + i, .count = 1}, "retained-" + std::to_string(i)).status,
              202);
  }
  ASSERT_TRUE(eventually([&] { return decisions("skip") == 3; }));
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM delivery_bodies"), 3)
      << "younger than body_retention: kept";

  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  daemon_->send_signal(SIGHUP);  // prunes at once instead of at the next hour
  ASSERT_TRUE(
      eventually([&] { return count_where("SELECT COUNT(*) FROM delivery_bodies") == 0; }));
  EXPECT_EQ(deliveries(), 3);
  EXPECT_EQ(decisions("skip"), 3);
  const auto metrics = http_request(daemon_->port(), "GET", "/metrics", {}, "");
  EXPECT_NE(metrics.body.find("autofixd_delivery_bodies_pruned_total 3"), std::string::npos)
      << metrics.body;
  EXPECT_NE(daemon_->log().find("deleted 3 delivery bodies"), std::string::npos);
}

}  // namespace
}  // namespace autofixd::testing
