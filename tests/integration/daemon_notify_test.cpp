// [[tracker]] and [[notify]] with the real binary: a run's result reaches a
// fake Owlmetry and fake Slack / webhook receivers once each, whatever the
// targets do (down, refusing, answering too late) and across SIGKILL.
#include <fstream>

#include "integration/daemon_fixture.hpp"
#include "integration/fake_owlmetry.hpp"
#include "integration/fake_receiver.hpp"

namespace autofixd::testing {
namespace {

constexpr const char* kProject = "proj-ios";
constexpr const char* kHookSecret = "hook-s3cret";
constexpr const char* kTitle = "ZeroDivisionError: division by zero";

class NotifyTest : public DaemonTest {
 protected:
  void before_start() override {
    write_secret("owl-key", owl_.api_key());
    write_secret("slack-url", hooks_.url("/slack"));
    write_secret("hook-url", hooks_.url("/hook"));
    write_secret("hook-secret", kHookSecret);
  }

  void write_secret(const std::string& name, const std::string& value) {
    const auto path = daemon_->dir() / name;
    std::ofstream(path) << value << "\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                           std::filesystem::perms::owner_write);
  }

  // A tracker (title match, in_progress on start), Slack for completed runs
  // and refusals, and a signed webhook for every outcome.
  DaemonOptions options(const std::string& match = "title") {
    DaemonOptions o;
    o.extra_sections = "[[tracker]]\nname = \"owl\"\nkind = \"owlmetry\"\nbase_url = \"" +
                       owl_.base_url() +
                       "\"\napi_key_file = \"{DIR}/owl-key\"\nproject_id = \"" + kProject +
                       "\"\nmatch = \"" + match + "\"\nset_status = \"in_progress\"\n"
                       "[[notify]]\nkind = \"slack\"\nurl_file = \"{DIR}/slack-url\"\n"
                       "outcomes = [\"completed\", \"refused\"]\n"
                       "[[notify]]\nkind = \"webhook\"\nurl_file = \"{DIR}/hook-url\"\n"
                       "secret_file = \"{DIR}/hook-secret\"\n";
    return o;
  }

  std::vector<nlohmann::json> webhook_bodies() {
    std::vector<nlohmann::json> out;
    for (const auto& r : hooks_.requests("/hook")) out.push_back(nlohmann::json::parse(r.body));
    return out;
  }

  std::vector<std::string> webhook_outcomes() {
    std::vector<std::string> out;
    for (const auto& body : webhook_bodies()) out.push_back(body["outcome"]);
    return out;
  }

  nlohmann::json outbox(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"outbox", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto [code, out] = daemon_->cli(args);
    EXPECT_EQ(code, 0) << daemon_->cli_errors();
    return code == 0 ? nlohmann::json::parse(out) : nlohmann::json::array();
  }

  FakeOwlmetry owl_;
  FakeReceiver hooks_;
};

TEST_F(NotifyTest, ACompletedRunReachesEveryTargetOnce) {
  const std::string owl_issue = owl_.add_issue(kProject, {.title = kTitle});
  owl_.add_issue(kProject, {.title = kTitle, .status = "resolved"});  // never the resolved one
  script_completed_run(42, 777);
  start_daemon(options());
  ASSERT_EQ(send_issue({.id = 42}, "notify-1").status, 202);

  ASSERT_TRUE(eventually([&] { return owl_.comments(kProject, owl_issue).size() == 1; }))
      << outbox().dump(2);
  ASSERT_TRUE(eventually([&] { return hooks_.count("/hook") == 2 && hooks_.count("/slack") == 1; }))
      << outbox().dump(2);
  EXPECT_EQ(fake_.comments(42).size(), 1u);

  // The start's status change and the result's comment are separate messages.
  ASSERT_TRUE(eventually([&] { return !owl_.status_history(kProject, owl_issue).empty(); }));
  EXPECT_EQ(owl_.status_history(kProject, owl_issue), (std::vector<std::string>{"in_progress"}));
  const std::string comment = owl_.comments(kProject, owl_issue)[0].body;
  EXPECT_NE(comment.find("Root cause of issue 42."), std::string::npos) << comment;
  EXPECT_NE(comment.find("autofixd:tracker:run:"), std::string::npos) << comment;
  EXPECT_NE(comment.find("/issues/42/"), std::string::npos) << "links the Sentry issue: " << comment;

  EXPECT_EQ(webhook_outcomes(), (std::vector<std::string>{"started", "completed"}));
  for (const auto& request : hooks_.requests("/hook")) {
    EXPECT_TRUE(signature_matches(request, kHookSecret)) << request.body;
  }
  const auto completed = webhook_bodies()[1];
  EXPECT_EQ(completed["issue_id"], "42");
  EXPECT_EQ(completed["rule"], "backend-errors");
  EXPECT_TRUE(completed["run_id"].is_number());
  const std::string slack = hooks_.requests("/slack")[0].body;
  EXPECT_NE(slack.find("Root cause of issue 42."), std::string::npos) << slack;

  // Nothing more arrives, and the outbox says what happened.
  ::usleep(1'500'000);
  EXPECT_EQ(owl_.comments(kProject, owl_issue).size(), 1u);
  EXPECT_EQ(hooks_.count(), 3u);
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 5u) << rows.dump(2);  // owl x2, webhook x2, slack x1
  for (const auto& row : rows) EXPECT_EQ(row["state"], "sent") << row.dump();
}

TEST_F(NotifyTest, ATrackerThatIsDownCatchesUpWithoutDelayingSentryOrOthers) {
  const std::string owl_issue = owl_.add_issue(kProject, {.title = kTitle});
  owl_.stop_listening();
  script_completed_run(42, 777);
  start_daemon(options());
  ASSERT_EQ(send_issue({.id = 42}, "notify-down").status, 202);

  ASSERT_TRUE(eventually([&] { return fake_.comments(42).size() == 1; }));
  ASSERT_TRUE(eventually([&] { return hooks_.count("/hook") == 2; }));
  ASSERT_TRUE(eventually([&] {
    for (const auto& row : outbox({"--state", "pending"})) {
      if (row["target"] == "owl" && row["attempts"].get<int>() >= 1) return true;
    }
    return false;
  })) << outbox().dump(2);

  owl_.resume_listening();
  daemon_->send_signal(SIGHUP);  // retry what waits, now
  ASSERT_TRUE(eventually([&] { return owl_.comments(kProject, owl_issue).size() == 1; }))
      << outbox().dump(2);
  ASSERT_TRUE(eventually([&] { return outbox({"--state", "sent"}).size() == 5; }))
      << outbox().dump(2);
  EXPECT_EQ(owl_.status(kProject, owl_issue), "in_progress");
  EXPECT_EQ(fake_.comments(42).size(), 1u);
  EXPECT_EQ(hooks_.count("/hook"), 2u);
}

TEST_F(NotifyTest, ACommentWhoseAnswerWasLostIsFoundNotPostedAgain) {
  const std::string owl_issue = owl_.add_issue(kProject, {.title = kTitle});
  owl_.act_then_drop_next(OwlRoute::post_comment, 1);
  script_completed_run(42, 777);
  start_daemon(options());
  ASSERT_EQ(send_issue({.id = 42}, "notify-lost").status, 202);
  ASSERT_TRUE(eventually([&] {
    for (const auto& row : outbox()) {
      if (row["target"] == "owl" && row["outcome"] == "completed") return row["state"] == "sent";
    }
    return false;
  }, std::chrono::seconds(40))) << outbox().dump(2);
  EXPECT_EQ(owl_.comments(kProject, owl_issue).size(), 1u);
  EXPECT_EQ(owl_.count(OwlRoute::post_comment), 1u);
  EXPECT_GE(owl_.count(OwlRoute::list_comments), 1u) << "looked for its marker before posting";
}

TEST_F(NotifyTest, KilledWhileTheTrackerHoldsTheCommentItIsPostedOnce) {
  const std::string owl_issue = owl_.add_issue(kProject, {.title = kTitle});
  // The comment is created at once, the answer comes 10 s later: the daemon
  // is killed in between, with the row `sending`.
  owl_.delay_next(OwlRoute::post_comment, 1, std::chrono::seconds(10));
  script_completed_run(42, 777);
  start_daemon(options());
  ASSERT_EQ(send_issue({.id = 42}, "notify-kill").status, 202);
  ASSERT_TRUE(eventually([&] { return owl_.comments(kProject, owl_issue).size() == 1; }));
  daemon_->kill9();
  daemon_->start();
  ASSERT_TRUE(eventually([&] {
    for (const auto& row : outbox()) {
      if (row["target"] == "owl" && row["outcome"] == "completed") return row["state"] == "sent";
    }
    return false;
  })) << outbox().dump(2);
  EXPECT_EQ(owl_.comments(kProject, owl_issue).size(), 1u);
  EXPECT_EQ(owl_.count(OwlRoute::post_comment), 1u);
  EXPECT_EQ(fake_.comments(42).size(), 1u);
}

TEST_F(NotifyTest, ARefusedStartIsNewsForNotifyTargetsButNotForSentryOrTheTracker) {
  const std::string owl_issue = owl_.add_issue(kProject, {.title = kTitle});
  fake_.set_issue(42, issue_json({.id = 42}));
  fake_.set_start_response(42, 402, R"({"detail":"No budget for Seer Autofix."})");
  start_daemon(options());
  ASSERT_EQ(send_issue({.id = 42}, "notify-402").status, 202);
  ASSERT_TRUE(eventually([&] { return hooks_.count("/hook") == 1 && hooks_.count("/slack") == 1; }))
      << outbox().dump(2);
  const auto refused = webhook_bodies().at(0);
  EXPECT_EQ(refused["outcome"], "refused");
  EXPECT_TRUE(refused["run_id"].is_number()) << "the run exists in autofixd's store";
  ::usleep(1'000'000);
  EXPECT_TRUE(fake_.comments(42).empty());
  EXPECT_TRUE(owl_.comments(kProject, owl_issue).empty());
  EXPECT_TRUE(owl_.status_history(kProject, owl_issue).empty());
  const auto [code, out] = daemon_->cli({"runs", "--json"});
  ASSERT_EQ(code, 0);
  EXPECT_EQ(nlohmann::json::parse(out)[0]["state"], "failed");
}

TEST_F(NotifyTest, TagMatchingFindsTheTrackerIssueAndATransitionNotAllowedIsSkipped) {
  const std::string owl_issue = owl_.add_issue(kProject, {.title = "another title", .status = "resolved"});
  fake_.set_latest_event_tags(42, {{"environment", "production"}, {"owl_issue", owl_issue}});
  script_completed_run(42, 777);
  start_daemon(options("tag:owl_issue"));
  ASSERT_EQ(send_issue({.id = 42}, "notify-tag").status, 202);
  ASSERT_TRUE(eventually([&] { return owl_.comments(kProject, owl_issue).size() == 1; }))
      << outbox().dump(2);
  EXPECT_EQ(owl_.count(OwlRoute::patch_issue), 0u) << "resolved -> in_progress is not allowed";
  bool skipped = false;
  for (const auto& row : outbox()) {
    if (row["target"] == "owl" && row["outcome"] == "started") {
      skipped = row["state"] == "skipped";
      EXPECT_NE(row["last_error"].get<std::string>().find("resolved -> in_progress"),
                std::string::npos)
          << row.dump();
    }
  }
  EXPECT_TRUE(skipped) << outbox().dump(2);
}

TEST_F(NotifyTest, NoTrackerIssueMeansNothingPostedThereAndTheRecordSaysSo) {
  owl_.add_project(kProject);
  script_completed_run(42, 777);
  start_daemon(options());
  ASSERT_EQ(send_issue({.id = 42}, "notify-none").status, 202);
  ASSERT_TRUE(eventually([&] { return outbox({"--state", "skipped"}).size() == 2; }))
      << outbox().dump(2);
  for (const auto& row : outbox({"--state", "skipped"})) {
    EXPECT_EQ(row["target"], "owl");
    EXPECT_NE(row["last_error"].get<std::string>().find("no open issue titled"), std::string::npos);
  }
  EXPECT_EQ(owl_.count(OwlRoute::post_comment), 0u);
}

TEST_F(NotifyTest, AReceiverThatFailsIsRetriedUntilItAnswers) {
  owl_.add_project(kProject);
  hooks_.script("/hook", {{.status = 500}, {.status = 503}});
  script_completed_run(42, 777);
  start_daemon(options());
  ASSERT_EQ(send_issue({.id = 42}, "notify-retry").status, 202);
  ASSERT_TRUE(eventually([&] {
    int sent = 0;
    for (const auto& row : outbox()) sent += row["target"] == "webhook" && row["state"] == "sent";
    return sent == 2;
  }, std::chrono::seconds(60))) << outbox().dump(2);
  EXPECT_EQ(hooks_.count("/hook"), 4u) << "two failures, then started and completed once each";
  for (const auto& request : hooks_.requests("/hook")) {
    EXPECT_TRUE(signature_matches(request, kHookSecret)) << request.body;
  }
}

}  // namespace
}  // namespace autofixd::testing
