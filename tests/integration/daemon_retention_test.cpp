// [store] body_retention: bodies of processed deliveries go once they are
// old enough; pending deliveries keep theirs. [store] row_retention: rows
// older than it go, what is still needed stays.
#include <csignal>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

class RetentionTest : public DaemonTest {};

TEST_F(RetentionTest, OldBodiesOfProcessedDeliveriesAreDeletedAndTheirRowsKept) {
  start_daemon({.extra_store_keys = "body_retention = \"2s\"\n"});
  // Issues that do not qualify yet: each delivery ends as a watch decision
  // (taken on the webhook's facts: too few events).
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(send_issue({.id = 700 + i, .count = 1}, "retained-" + std::to_string(i)).status,
              202);
  }
  ASSERT_TRUE(eventually([&] { return decisions("watch") == 3; }));
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM delivery_bodies"), 3)
      << "younger than body_retention: kept";

  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  daemon_->send_signal(SIGHUP);  // prunes at once instead of at the next hour
  ASSERT_TRUE(
      eventually([&] { return count_where("SELECT COUNT(*) FROM delivery_bodies") == 0; }));
  EXPECT_EQ(deliveries(), 3);
  EXPECT_EQ(decisions("watch"), 3);
  const auto metrics = http_request(daemon_->port(), "GET", "/metrics", {}, "");
  EXPECT_NE(metrics.body.find("autofixd_delivery_bodies_pruned_total 3"), std::string::npos)
      << metrics.body;
  EXPECT_NE(daemon_->log().find("deleted 3 delivery bodies"), std::string::npos);
}

// [store] row_retention: rows from before the daemon started, some of them
// past the retention, are there when it starts.
class RowRetentionTest : public DaemonTest {
 protected:
  void before_start() override {
    auto store = store::Store::open(daemon_->store_path().string());
    ASSERT_TRUE(store) << store.error().message;
    using namespace std::chrono;
    const auto ms = [](auto t) { return std::to_string(to_unix_ms(t)); };
    const auto now = system_clock::now();
    const std::string old = ms(now - hours(24 * 100));
    const std::string young = ms(now - hours(1));
    // 1: a run that finished 100 days ago, its comment posted; 2: a skip as
    // old; 3: a skip an hour old.
    ASSERT_TRUE(store->database().exec(
        "INSERT INTO deliveries (id, request_id, resource, action, handling, issue_id, "
        "received_at, state, processed_at) VALUES "
        "(1, 'old-run', 'issue', 'created', 'evaluate', 501, " +
        old + ", 'processed', " + old + "), (2, 'old-skip', 'issue', 'created', 'evaluate', 502, " +
        old + ", 'processed', " + old +
        "), (3, 'young-skip', 'issue', 'created', 'evaluate', 503, " + young + ", 'processed', " +
        young +
        ");"
        "INSERT INTO delivery_bodies (delivery_id, body) VALUES (1, '{}'), (2, '{}'), (3, '{}');"
        "INSERT INTO decisions (id, delivery_id, issue_id, decided_at, outcome, rule, reason, "
        "detail, facts) VALUES (1, 1, 501, " +
        old +
        ", 'start', 'r', 'matched', 'd', '{}'), "
        "(2, 2, 502, " +
        old +
        ", 'skip', NULL, 'no_rule_matched', 'd', '{}'), "
        "(3, 3, 503, " +
        young +
        ", 'skip', NULL, 'no_rule_matched', 'd', '{}');"
        "INSERT INTO runs (id, issue_id, decision_id, rule, stopping_point, instruction, state, "
        "created_at, updated_at, finished_at) VALUES (1, 501, 1, 'r', 'root_cause', '', "
        "'completed', " +
        old + ", " + old + ", " + old +
        ");"
        "INSERT INTO comments (run_id, kind, issue_id, marker, body, state, next_attempt_at, "
        "created_at, posted_at) VALUES (1, 'result', 501, 'autofixd:run:1', 'done', 'posted', " +
        old + ", " + old + ", " + old + ");"));
  }
};

TEST_F(RowRetentionTest, RowsOlderThanRowRetentionAreDeletedAtStart) {
  start_daemon();  // default row_retention: 90d
  ASSERT_TRUE(eventually([&] { return deliveries() == 1; })) << "deliveries left: " << deliveries();
  EXPECT_EQ(stored_request_ids(), std::set<std::string>{"young-skip"});
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM decisions"), 1);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM runs"), 0);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM comments"), 0);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM delivery_bodies"), 1);
  EXPECT_TRUE(eventually([&] {
    return daemon_->log().find("deleted 5 delivery, decision, run and operator request rows") != std::string::npos;
  }));
  const auto [code, out] = daemon_->cli({"decisions", "--json"});
  EXPECT_EQ(code, 0);
  EXPECT_EQ(nlohmann::json::parse(out).size(), 1u);
}

TEST_F(RowRetentionTest, ZeroKeepsEveryRow) {
  start_daemon({.extra_store_keys = "row_retention = \"0s\"\n"});
  // The same pass deletes the old bodies (body_retention 30d): it has run.
  ASSERT_TRUE(eventually([&] { return count_where("SELECT COUNT(*) FROM delivery_bodies") == 1; }));
  EXPECT_EQ(deliveries(), 3);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM runs"), 1);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM comments"), 1);
}

}  // namespace
}  // namespace autofixd::testing
