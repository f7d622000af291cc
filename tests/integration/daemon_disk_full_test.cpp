// A full disk under the store: webhooks are answered 503 (Sentry retries
// them), nothing committed is lost, and the daemon carries on by itself once
// space returns. The store lives on a small tmpfs that the test fills.
#include <sys/mount.h>

#include <fstream>
#include <set>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::seconds;
namespace fs = std::filesystem;

class DiskFullTest : public DaemonTest {
 protected:
  void before_start() override {
    store_dir_ = daemon_->store_path().parent_path();
    fs::create_directories(store_dir_);
    if (::mount("tmpfs", store_dir_.c_str(), "tmpfs", 0, "size=16m,mode=0700") != 0) {
      mount_error_ = std::strerror(errno);
      return;
    }
    mounted_ = true;
  }

  void TearDown() override {
    DaemonTest::TearDown();
    if (daemon_) daemon_->kill9();
    if (mounted_) ::umount2(store_dir_.c_str(), MNT_DETACH);
  }

  // Writes a file until the tmpfs has no room left.
  void fill_disk() {
    std::ofstream filler(store_dir_ / "filler", std::ios::binary);
    const std::string block(64 * 1024, 'x');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) filler.flush();
  }
  void free_disk() { fs::remove(store_dir_ / "filler"); }

  fs::path store_dir_;
  bool mounted_ = false;
  std::string mount_error_;
};

TEST_F(DiskFullTest, WebhooksGet503WhileFullAndNothingCommittedIsLost) {
  for (std::int64_t issue : {31, 32, 33}) script_completed_run(issue, issue * 100);
  // Issue 34's run is still being polled while the disk is full: its state
  // cannot be saved, and the engine must pause rather than spin.
  fake_.set_issue(34, issue_json({.id = 34}));
  fake_.set_start_response(34, 202, start_response_json(3400));
  AutofixSpec working{.run_id = 3400};
  AutofixSpec finished{.run_id = 3400, .status = "COMPLETED"};
  finished.root_cause = "Root cause of 34.";
  fake_.script_autofix(34, {legacy_autofix_json(working), legacy_autofix_json(working),
                            legacy_autofix_json(working), legacy_autofix_json(working),
                            legacy_autofix_json(finished)},
                       /*only_after_start=*/true);
  start_daemon({.polling = "initial_interval = \"100ms\"\nmax_interval = \"100ms\"\n"
                           "timeout = \"60s\""});
  if (!mounted_) GTEST_SKIP() << "cannot mount a tmpfs here (" << mount_error_ << ")";

  std::set<std::string> accepted;
  ASSERT_EQ(send_issue({.id = 31}, "before-full").status, 202);
  accepted.insert("before-full");
  ASSERT_TRUE(eventually([&] { return comment_state(31) == "posted"; }, seconds(30)));

  ASSERT_EQ(send_issue({.id = 34}, "polled-while-full").status, 202);
  accepted.insert("polled-while-full");
  ASSERT_TRUE(eventually([&] { return run_state(34) == "running"; }));

  // A reader holding its snapshot keeps SQLite from reusing the WAL from its
  // start, so every write needs new space, as on a busy store.
  auto reader = store::Store::open_read_only(daemon_->store_path().string());
  ASSERT_TRUE(reader);
  ASSERT_TRUE(reader->database().exec("BEGIN"));
  ASSERT_GE(first_int(*reader, "SELECT COUNT(*) FROM runs"), 1);
  fill_disk();
  const auto polls_before = fake_.count("GET", fake_.autofix_path(34));
  // SQLite may still find room in pages it already owns; keep delivering
  // (as Sentry would) until the store refuses.
  HttpResult refused;
  std::string refused_id;
  for (int i = 0; i < 400 && refused.status != 503; ++i) {
    refused_id = "while-full-" + std::to_string(i);
    refused = send_issue({.id = 32}, refused_id);
    ASSERT_TRUE(refused.status == 202 || refused.status == 503)
        << refused.status << " " << refused.body;
    if (refused.status == 202) accepted.insert(refused_id);
  }
  ASSERT_EQ(refused.status, 503) << "the store never ran out of space";
  EXPECT_NE(refused.body.find("store_unavailable"), std::string::npos) << refused.body;
  EXPECT_NE(refused.headers.find("Retry-After"), std::string::npos) << refused.headers;
  EXPECT_EQ(http_request(daemon_->port(), "GET", "/readyz", {}, "").status, 503);
  EXPECT_TRUE(daemon_->running());
  ::sleep(2);
  // Polling every 100 ms would be about 20 polls in this window; an engine
  // retrying unsaved steps at once makes hundreds.
  EXPECT_LT(fake_.count("GET", fake_.autofix_path(34)) - polls_before, 60u);

  EXPECT_NE(daemon_->log().find("run steps pause"), std::string::npos);
  free_disk();
  ASSERT_TRUE(reader->database().exec("COMMIT"));
  // Sentry's retry of the refused delivery, and a new one, are accepted.
  ASSERT_TRUE(eventually(
      [&] { return send_issue({.id = 32}, refused_id).status == 202; }, seconds(20)));
  accepted.insert(refused_id);
  ASSERT_EQ(send_issue({.id = 33}, "after-full").status, 202);
  accepted.insert("after-full");
  EXPECT_TRUE(eventually(
      [&] { return http_request(daemon_->port(), "GET", "/readyz", {}, "").status == 200; }));

  for (std::int64_t issue : {31, 32, 33, 34}) {
    EXPECT_TRUE(eventually([&] { return comment_state(issue) == "posted"; }, seconds(30)))
        << "issue " << issue << ": run " << run_state(issue);
    EXPECT_EQ(autofix_posts(issue), 1u) << "issue " << issue;
    EXPECT_EQ(comment_posts(issue), 1u) << "issue " << issue;
  }
  const auto stored = stored_request_ids();
  for (const auto& id : accepted) EXPECT_TRUE(stored.count(id)) << id << " answered 202, not stored";
  ASSERT_EQ(daemon_->stop(), 0);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
            1);
}

}  // namespace
}  // namespace autofixd::testing
