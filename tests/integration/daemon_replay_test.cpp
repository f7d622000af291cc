// Issue 14, item 3: only the body is signed, so whoever holds one signed
// body can resend it with a fresh timestamp and Request-ID. The daemon
// answers such a copy 202 "duplicate", stores and evaluates nothing, and
// still knows the body after a restart.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

class ReplayTest : public DaemonTest {
 protected:
  // Sends `issue` under `request_id`: answered 202 "duplicate", naming the
  // stored delivery `of` when given. Wrap in ASSERT_NO_FATAL_FAILURE.
  void expect_duplicate(const IssueSpec& issue, const std::string& request_id,
                        const nlohmann::json& of = nullptr) {
    const auto r = send_issue(issue, request_id);
    ASSERT_EQ(r.status, 202) << request_id << ": " << r.body;
    const auto answer = nlohmann::json::parse(r.body);
    EXPECT_EQ(answer["status"], "duplicate") << request_id;
    if (!of.is_null()) {
      EXPECT_EQ(answer["delivery_id"], of) << request_id;
    }
  }
  // autofixd_replay_keys_spilled_total from /metrics; -1 when absent.
  double replay_keys_spilled() {
    const auto r = http_request(daemon_->port(), "GET", "/metrics", {}, "");
    const std::string name = "\nautofixd_replay_keys_spilled_total ";
    const auto at = r.body.find(name);
    return at == std::string::npos ? -1 : std::stod(r.body.substr(at + name.size()));
  }
};

TEST_F(ReplayTest, ASignedBodyResentUnderAFreshRequestIdIsADuplicate) {
  start_daemon();
  // Decided without Sentry: no rule covers the project.
  const IssueSpec issue{.id = 610, .project = "frontend"};
  const auto first = send_issue(issue, "sentry-original");
  ASSERT_EQ(first.status, 202) << first.body;
  const auto first_id = nlohmann::json::parse(first.body)["delivery_id"];
  ASSERT_TRUE(eventually([&] { return decisions("skip") == 1; }));

  ASSERT_NO_FATAL_FAILURE(expect_duplicate(issue, "replayed-1", first_id));

  daemon_->stop();
  daemon_->start();
  ASSERT_NO_FATAL_FAILURE(expect_duplicate(issue, "replayed-2"));

  ::usleep(300'000);
  EXPECT_EQ(deliveries(), 1);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM decisions"), 1) << "evaluated once";
  EXPECT_EQ(stored_request_ids(), std::set<std::string>{"sentry-original"});
  EXPECT_NE(daemon_->log().find("same body as delivery"), std::string::npos);
}

// Since schema v11 the window's keys are in memory and rebuilt from the
// delivery rows at start: a kill -9 right after the 202 loses none of them.
TEST_F(ReplayTest, SentrysRetryAndAResendAfterKillDashNineAreDuplicates) {
  start_daemon();
  const IssueSpec issue{.id = 612, .project = "frontend"};
  const auto first = send_issue(issue, "sentry-612");
  ASSERT_EQ(first.status, 202) << first.body;
  const auto first_id = nlohmann::json::parse(first.body)["delivery_id"];
  daemon_->kill9();
  daemon_->start();

  // Sentry's retry: the same body under a new Request-ID (Sentry mints one,
  // uuid4().hex, for every attempt), so only the body can tell.
  ASSERT_NO_FATAL_FAILURE(expect_duplicate(issue, "0f1e2d3c4b5a69788796a5b4c3d2e1f0", first_id));
  // A resend under the same Request-ID (a proxy in between retrying); its
  // body differs here, so only the Request-ID can tell.
  ASSERT_NO_FATAL_FAILURE(
      expect_duplicate({.id = 612, .project = "frontend", .count = 152}, "sentry-612", first_id));

  ASSERT_TRUE(eventually([&] { return decisions("skip") == 1; }));
  ::usleep(300'000);
  EXPECT_EQ(deliveries(), 1);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM decisions"), 1) << "evaluated once";
}

// The window's keys are one process's memory: a second daemon on the same
// store would not know the first one's deliveries, so it is refused.
TEST_F(ReplayTest, ASecondDaemonOnTheSameStoreIsRefused) {
  start_daemon();
  const auto [code, out] = daemon_->cli({"run"});
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(daemon_->cli_errors().find("another autofixd is running on store " +
                                       daemon_->store_path().string()),
            std::string::npos)
      << daemon_->cli_errors();
  // The first one goes on.
  const auto r = send_issue({.id = 613, .project = "frontend"}, "after-refusal");
  EXPECT_EQ(r.status, 202) << r.body;
  // And once it is gone, a daemon starts on the store again.
  daemon_->kill9();
  daemon_->start();
  EXPECT_EQ(send_issue({.id = 613, .project = "frontend"}, "after-refusal").status, 202);
  EXPECT_EQ(deliveries(), 1);
}

// The lock is taken before the schema is migrated: a new binary started
// beside a running older daemon (an upgrade by hand) leaves its store as it is.
TEST_F(ReplayTest, ARefusedDaemonLeavesTheStoreUntouched) {
  prepare_daemon();
  const auto store = daemon_->store_path();
  std::filesystem::create_directories(store.parent_path());
  std::filesystem::permissions(store.parent_path(), std::filesystem::perms::owner_all);
  // Stands in for the running daemon: an empty store file, locked.
  const int held = ::open(store.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(held, 0);
  ASSERT_EQ(::flock(held, LOCK_EX | LOCK_NB), 0);

  const auto [code, out] = daemon_->cli({"run"});
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(daemon_->cli_errors().find("another autofixd is running on store"), std::string::npos)
      << daemon_->cli_errors();
  EXPECT_EQ(std::filesystem::file_size(store), 0u) << "no schema was written";
  EXPECT_FALSE(std::filesystem::exists(store.string() + "-wal"));
  ::close(held);

  daemon_->start();
  EXPECT_EQ(send_issue({.id = 614, .project = "frontend"}, "after-unlock").status, 202);
}

// [store] replay_keys_in_memory: past it, the oldest keys go to table
// body_digests (a private temporary database of the daemon's connection)
// and their duplicates are still caught there, before and after a restart.
TEST_F(ReplayTest, PastItsMemoryLimitTheWindowIsKeptInTheStore) {
  start_daemon({.extra_store_keys = "replay_keys_in_memory = 1024\n"});
  const IssueSpec first{.id = 620, .project = "frontend", .count = 1000};
  const auto stored = send_issue(first, "flood-0");
  ASSERT_EQ(stored.status, 202) << stored.body;
  const auto first_id = nlohmann::json::parse(stored.body)["delivery_id"];
  for (int i = 1; i <= 1200; ++i) {
    // One more event each time: a new body.
    const auto r = send_issue({.id = 620, .project = "frontend", .count = 1000 + i},
                              "flood-" + std::to_string(i));
    ASSERT_EQ(r.status, 202) << i << ": " << r.body;
  }
  ASSERT_TRUE(eventually([&] { return replay_keys_spilled() > 0; }));
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM sqlite_master WHERE name = 'body_digests'"), 0)
      << "the spilled keys are not in the store file";

  ASSERT_NO_FATAL_FAILURE(expect_duplicate(first, "replayed-620", first_id));
  ASSERT_NO_FATAL_FAILURE(
      expect_duplicate({.id = 620, .project = "frontend", .count = 5000}, "flood-0"));
  // kill -9 loses the temporary table; the start rebuilds it from the rows.
  daemon_->kill9();
  daemon_->start();
  ASSERT_NO_FATAL_FAILURE(expect_duplicate(first, "replayed-again-620", first_id));
  ASSERT_NO_FATAL_FAILURE(
      expect_duplicate({.id = 620, .project = "frontend", .count = 5000}, "flood-0"));
  EXPECT_EQ(deliveries(), 1201);
}

TEST_F(ReplayTest, ADifferentBodyForTheSameIssueIsANewDelivery) {
  start_daemon();
  ASSERT_EQ(send_issue({.id = 611, .project = "frontend"}, "a").status, 202);
  // One more event on the issue: a different body.
  const auto r = send_issue({.id = 611, .project = "frontend", .count = 151}, "b");
  ASSERT_EQ(r.status, 202);
  EXPECT_EQ(nlohmann::json::parse(r.body)["status"], "accepted");
  EXPECT_TRUE(eventually([&] { return decisions("skip") == 2; }));
  EXPECT_EQ(deliveries(), 2);
}

}  // namespace
}  // namespace autofixd::testing
