// kill -9 at many points of one run's life, then a restart on the same store:
// each time exactly one autofix POST and exactly one comment in the end.
//
// A kill point is a list of steps. Each step may slow the fake's next answer
// to one kind of request (which widens a window: the fake has recorded the
// request and acted on it, the daemon has not got the answer), waits until
// its condition holds, and kills the daemon and restarts it.
#include <signal.h>

#include <functional>
#include <ostream>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::milliseconds;

constexpr std::int64_t kIssue = 4242;
constexpr std::int64_t kRun = 9100;
constexpr milliseconds kWindow{1200};  // the widened window

class CrashTest;
using Condition = std::function<bool(CrashTest&)>;

// Which request's answer a step holds back for kWindow.
enum class Slow { none, issue, start, poll, comment_post, comment_list };

struct Step {
  Slow slow = Slow::none;
  Condition until;
};

struct KillPoint {
  std::string name;
  std::vector<Step> steps;
  std::string final_status = "COMPLETED";  // how Sentry ends the run
  int processing_polls = 3;                // PROCESSING answers before the end
};

void PrintTo(const KillPoint& point, std::ostream* out) { *out << point.name; }

class CrashTest : public DaemonTest, public ::testing::WithParamInterface<KillPoint> {
 public:
  std::size_t gets(const std::string& path) { return fake_.count("GET", path); }
  std::size_t autofix_gets() { return gets(fake_.autofix_path(kIssue)); }
  std::size_t posts_started() { return autofix_posts(kIssue); }
  std::size_t comments_posted() { return comment_posts(kIssue); }
  std::string run() { return run_state(kIssue); }
  std::string comment() { return comment_state(kIssue); }
  const FakeSentry& fake() const { return fake_; }

 protected:
  void SetUp() override {
    const auto& point = GetParam();
    fake_.set_issue(kIssue, issue_json({.id = kIssue}));
    fake_.set_start_response(kIssue, 202, start_response_json(kRun));
    AutofixSpec processing{.run_id = kRun};
    AutofixSpec end{.run_id = kRun, .status = point.final_status};
    end.root_cause = "The cart total divides by the item count.";
    end.solution = "Return early for an empty cart.";
    end.pr_url = "https://github.com/acme/backend/pull/31";
    std::vector<std::string> script(static_cast<std::size_t>(point.processing_polls),
                                    legacy_autofix_json(processing));
    script.push_back(legacy_autofix_json(end));
    fake_.script_autofix(kIssue, script, /*only_after_start=*/true);
  }

  void slow_down(Slow slow) {
    switch (slow) {
      case Slow::none: return;
      case Slow::issue: return fake_.delay_next("GET", fake_.issue_path(kIssue), 1, kWindow);
      case Slow::start: return fake_.delay_next("POST", fake_.autofix_path(kIssue), 1, kWindow);
      case Slow::poll: return fake_.delay_next("GET", fake_.autofix_path(kIssue), 1, kWindow);
      case Slow::comment_post:
        return fake_.delay_next("POST", fake_.comments_path(kIssue), 1, kWindow);
      case Slow::comment_list:
        return fake_.delay_next("GET", fake_.comments_path(kIssue), 1, kWindow);
    }
  }

  // Waits for `until`, re-checking on every request the fake sees.
  bool reached(const Condition& until) {
    return fake_.wait_for([&] { return until(*this); }, std::chrono::seconds(20));
  }
};

// --- conditions
Condition always() {
  return [](CrashTest&) { return true; };
}
Condition issue_fetched() {
  return [](CrashTest& t) { return t.gets(t.fake().issue_path(kIssue)) >= 1; };
}
Condition run_recorded() {
  return [](CrashTest& t) { return !t.run().empty(); };
}
Condition run_in(std::string state) {
  return [state](CrashTest& t) { return t.run() == state; };
}
Condition start_posted() {
  return [](CrashTest& t) { return t.posts_started() >= 1; };
}
Condition polled(std::size_t n) {
  return [n](CrashTest& t) { return t.autofix_gets() >= n; };
}
Condition comment_in(std::string state) {
  return [state](CrashTest& t) { return t.comment() == state; };
}
// The window between storing `posting` and sending the POST is short; when
// the poll misses it, the kill lands during or just after the POST instead.
Condition comment_posting_or_sent() {
  return [](CrashTest& t) { return t.comment() == "posting" || t.comments_posted() >= 1; };
}
Condition comment_sent() {
  return [](CrashTest& t) { return t.comments_posted() >= 1; };
}
Condition comments_listed() {
  return [](CrashTest& t) { return t.gets(t.fake().comments_path(kIssue)) >= 1; };
}

std::vector<KillPoint> kill_points() {
  const auto none = Slow::none;
  return {
      {"RightAfterThe202", {{none, always()}}},
      {"DuringTheIssueFetch", {{Slow::issue, issue_fetched()}}},
      {"AfterTheIssueFetch", {{none, issue_fetched()}}},
      {"RunRecorded", {{none, run_recorded()}}},
      {"RunStartingBeforeThePost", {{none, run_in("starting")}}},
      {"DuringTheStartPost", {{Slow::start, start_posted()}}},
      {"DuringTheStartPostOfARunThatCompletesAtOnce",
       {{Slow::start, start_posted()}}, "COMPLETED", 0},
      {"DuringTheStartPostOfARunThatFailsAtOnce", {{Slow::start, start_posted()}}, "ERROR", 0},
      {"DuringTheStartPostOfARunThatNeedsInput",
       {{Slow::start, start_posted()}},
       "WAITING_FOR_USER_RESPONSE",
       1},
      {"RightAfterTheStartPost", {{none, start_posted()}}},
      {"TwiceInTheStartWindow", {{Slow::start, start_posted()}, {Slow::poll, polled(1)}}},
      {"RunRunning", {{none, run_in("running")}}},
      {"DuringTheFirstPoll", {{Slow::poll, polled(1)}}},
      {"BetweenPolls", {{none, polled(2)}}},
      {"AfterThreePolls", {{none, polled(3)}}},
      {"DuringTheFinalPoll", {{none, polled(3)}, {Slow::poll, polled(4)}}},
      {"RightAfterTheFinalPoll", {{none, polled(4)}}},
      {"RunFinishedCommentQueued", {{none, run_in("completed")}}},
      {"CommentPostingBeforeThePost", {{none, comment_posting_or_sent()}}},
      {"DuringTheCommentPost", {{Slow::comment_post, comment_sent()}}},
      {"DuringTheCommentPostOfAFailedRun", {{Slow::comment_post, comment_sent()}}, "ERROR", 1},
      {"RightAfterTheCommentPost", {{none, comment_sent()}}},
      {"DuringTheCommentPostThenDuringTheCommentCheck",
       {{Slow::comment_post, comment_sent()}, {Slow::comment_list, comments_listed()}}},
      {"AfterTheCommentIsStored", {{none, comment_in("posted")}}},
      {"AtEveryStage",
       {{none, start_posted()}, {none, polled(2)}, {none, run_in("completed")},
        {none, comment_sent()}}},
  };
}

TEST_P(CrashTest, KilledAndRestartedRunEndsWithOneStartAndOneComment) {
  const auto& steps = GetParam().steps;
  slow_down(steps.front().slow);
  start_daemon();
  ASSERT_EQ(send_issue({.id = kIssue}, "crash-" + GetParam().name).status, 202);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    ASSERT_TRUE(reached(steps[i].until)) << "step " << i << " never reached";
    daemon_->kill9();
    if (i + 1 < steps.size()) slow_down(steps[i + 1].slow);
    daemon_->start();
  }

  ASSERT_TRUE(eventually([&] { return comment() == "posted"; }, std::chrono::seconds(30)))
      << "run " << run() << ", comment " << comment();
  EXPECT_EQ(posts_started(), 1u);
  EXPECT_EQ(comments_posted(), 1u);
  ASSERT_EQ(fake_.comments(kIssue).size(), 1u);
  EXPECT_NE(fake_.comments(kIssue)[0].text.find("autofixd:run:" + std::to_string(kRun)),
            std::string::npos);
  const std::string expected = GetParam().final_status == "COMPLETED" ? "completed"
                               : GetParam().final_status == "ERROR"   ? "failed"
                                                                      : "needs_input";
  EXPECT_EQ(run(), expected);

  // Nothing more happens after the end, not even after one more restart (a
  // run waiting for a person's answer stays polled, and only polled).
  daemon_->kill9();
  daemon_->start();
  const auto requests = fake_.request_count();
  ::usleep(300'000);
  if (expected != "needs_input") {
    EXPECT_EQ(fake_.request_count(), requests);
  }
  EXPECT_EQ(posts_started(), 1u);
  EXPECT_EQ(fake_.comments(kIssue).size(), 1u);
  EXPECT_EQ(daemon_->stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(KillPoints, CrashTest, ::testing::ValuesIn(kill_points()),
                         [](const ::testing::TestParamInfo<KillPoint>& point) {
                           return point.param.name;
                         });

}  // namespace
}  // namespace autofixd::testing
