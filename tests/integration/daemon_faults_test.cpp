// An unreliable Sentry: rate limits, server errors, dropped connections,
// slow answers, an outage, refused tokens and vanished issues. Each ends with
// one started run and one comment, or with a clear state.
#include <signal.h>

#include "integration/daemon_fixture.hpp"
#include "util/time_format.hpp"

namespace autofixd::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class FaultsTest : public DaemonTest {
 protected:
  // Issue `issue` qualifies; Sentry runs it through two PROCESSING states to
  // COMPLETED once started.
  void script_run(std::int64_t issue, std::int64_t run) {
    fake_.set_issue(issue, issue_json({.id = issue}));
    fake_.set_start_response(issue, 202, start_response_json(run));
    AutofixSpec processing{.run_id = run};
    AutofixSpec done{.run_id = run, .status = "COMPLETED"};
    done.root_cause = "A null customer reaches the invoice renderer.";
    fake_.script_autofix(issue,
                         {legacy_autofix_json(processing), legacy_autofix_json(processing),
                          legacy_autofix_json(done)},
                         /*only_after_start=*/true);
  }

  // One accepted start and one comment in the end, and nothing after it.
  void expect_one_run_one_comment(std::int64_t issue, std::int64_t run) {
    ASSERT_TRUE(eventually([&] { return comment_state(issue) == "posted"; }, seconds(40)))
        << "run " << run_state(issue) << ", comment " << comment_state(issue);
    EXPECT_TRUE(fake_.autofix_started(issue));
    ASSERT_EQ(fake_.comments(issue).size(), 1u);
    EXPECT_NE(fake_.comments(issue)[0].text.find("autofixd:run:" + std::to_string(run)),
              std::string::npos);
    EXPECT_EQ(run_state(issue), "completed");
  }

  // Every request the fake received after the first one matching
  // (method, path) answered with 429: the earliest of them.
  std::optional<std::chrono::steady_clock::time_point> first_after(
      const std::string& method, const std::string& path) {
    const auto all = fake_.requests();
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].method == method && all[i].path == path && i + 1 < all.size()) {
        return all[i + 1].received_at;
      }
    }
    return std::nullopt;
  }

  std::optional<std::chrono::steady_clock::time_point> first_received(const std::string& method,
                                                                      const std::string& path) {
    for (const auto& r : fake_.requests()) {
      if (r.method == method && r.path == path) return r.received_at;
    }
    return std::nullopt;
  }
};

FakeResponse rate_limited(Headers headers) {
  return FakeResponse{429, R"({"detail":"Request was throttled."})", std::move(headers)};
}

TEST_F(FaultsTest, RateLimitWithRetryAfterHoldsEveryRequestUntilItPasses) {
  script_run(11, 1101);
  fake_.fail_next("POST", fake_.autofix_path(11), 1, rate_limited({{"Retry-After", "1"}}));
  start_daemon();
  ASSERT_EQ(send_issue({.id = 11}, "rl-retry-after").status, 202);

  expect_one_run_one_comment(11, 1101);
  EXPECT_EQ(autofix_posts(11), 2u);  // the refused one and the accepted one
  const auto limited = first_received("POST", fake_.autofix_path(11));
  const auto next = first_after("POST", fake_.autofix_path(11));
  ASSERT_TRUE(limited && next);
  EXPECT_GE(*next - *limited, milliseconds(900)) << "a request went out during the pause";
  EXPECT_NE(daemon_->log().find("rate limited (429)"), std::string::npos);
}

TEST_F(FaultsTest, RateLimitResetHeaderHoldsRequestsUntilTheReset) {
  script_run(12, 1201);
  const auto reset = std::chrono::system_clock::now() + seconds(2);
  const auto reset_secs =
      std::chrono::duration_cast<seconds>(reset.time_since_epoch()).count();
  // The same instant on the fake's clock, less the second the header rounds away.
  const auto reset_steady = std::chrono::steady_clock::now() + seconds(1);
  fake_.fail_next("GET", fake_.autofix_path(12), 2,
                  rate_limited({{"X-Sentry-Rate-Limit-Reset", std::to_string(reset_secs)},
                                {"X-Sentry-Rate-Limit-Remaining", "0"}}));
  start_daemon();
  ASSERT_EQ(send_issue({.id = 12}, "rl-reset").status, 202);

  expect_one_run_one_comment(12, 1201);
  EXPECT_EQ(autofix_posts(12), 1u);
  const auto next = first_after("GET", fake_.autofix_path(12));
  ASSERT_TRUE(next);
  EXPECT_GE(*next, reset_steady - milliseconds(50));
}

TEST_F(FaultsTest, BurstOf429WithoutHintsBacksOffAndFinishes) {
  script_run(13, 1301);
  fake_.fail_next("GET", fake_.issue_path(13), 3, rate_limited({}));
  fake_.fail_next("POST", fake_.autofix_path(13), 3, rate_limited({}));
  fake_.fail_next("GET", fake_.autofix_path(13), 5, rate_limited({}));
  fake_.fail_next("POST", fake_.comments_path(13), 3, rate_limited({}));
  start_daemon();
  ASSERT_EQ(send_issue({.id = 13}, "rl-burst").status, 202);

  expect_one_run_one_comment(13, 1301);
  EXPECT_EQ(autofix_posts(13), 4u);
}

TEST_F(FaultsTest, ServerErrorsAreRetriedToOneRunAndOneComment) {
  script_run(14, 1401);
  const FakeResponse error{500, R"({"detail":"Internal Error"})", {}};
  fake_.fail_next("GET", fake_.issue_path(14), 2, error);
  fake_.fail_next("POST", fake_.autofix_path(14), 3, error);
  fake_.fail_next("GET", fake_.autofix_path(14), 3, error);
  fake_.fail_next("POST", fake_.comments_path(14), 3, error);
  fake_.fail_next("GET", fake_.comments_path(14), 2, error);
  start_daemon();
  ASSERT_EQ(send_issue({.id = 14}, "server-errors").status, 202);

  expect_one_run_one_comment(14, 1401);
  EXPECT_EQ(autofix_posts(14), 4u);
}

TEST_F(FaultsTest, DroppedConnectionsAreRetriedToOneRunAndOneComment) {
  script_run(15, 1501);
  fake_.drop_next("GET", fake_.issue_path(15), 2);
  fake_.drop_next("POST", fake_.autofix_path(15), 2);
  fake_.drop_next("GET", fake_.autofix_path(15), 3);
  fake_.drop_next("POST", fake_.comments_path(15), 2);
  start_daemon();
  ASSERT_EQ(send_issue({.id = 15}, "dropped").status, 202);

  expect_one_run_one_comment(15, 1501);
  EXPECT_EQ(autofix_posts(15), 3u);  // a dropped POST is not re-sent blind
}

TEST_F(FaultsTest, SlowAnswersWithinTheTimeoutAreWaitedFor) {
  script_run(16, 1601);
  fake_.set_response_delay(milliseconds(300));
  start_daemon({.extra_sentry_keys = "request_timeout = \"3s\"\n"});
  ASSERT_EQ(send_issue({.id = 16}, "slow").status, 202);

  expect_one_run_one_comment(16, 1601);
  EXPECT_EQ(autofix_posts(16), 1u);
  EXPECT_EQ(comment_posts(16), 1u);
}

// The start POST reaches Sentry, its answer comes after the request timeout:
// the daemon must find the run Sentry started instead of starting another.
TEST_F(FaultsTest, StartAnsweredAfterTheTimeoutIsAdoptedNotRepeated) {
  script_run(17, 1701);
  fake_.delay_next("POST", fake_.autofix_path(17), 1, milliseconds(1500));
  start_daemon({.extra_sentry_keys = "request_timeout = \"500ms\"\n"});
  ASSERT_EQ(send_issue({.id = 17}, "start-timeout").status, 202);

  expect_one_run_one_comment(17, 1701);
  EXPECT_EQ(autofix_posts(17), 1u);
  EXPECT_NE(daemon_->log().find("adopted Seer autofix run 1701"), std::string::npos);
}

// The start POST fails with a 500, so the run waits in `starting`; the
// issue shows an autofix run from last month. That run is not the one the
// failed POST might have created: a new run is started, and the comment
// reports the new run, not the old one.
TEST_F(FaultsTest, OldRunOnTheIssueIsNotAdoptedAfterAnInterruptedStart) {
  script_run(23, 2301);
  const auto last_month = std::chrono::system_clock::now() - std::chrono::hours(24 * 30);
  AutofixSpec old{.run_id = 2299, .status = "COMPLETED", .updated_at = format_utc(last_month)};
  old.root_cause = "An old root cause.";
  fake_.set_autofix_before_start(23, legacy_autofix_json(old));
  fake_.fail_next("POST", fake_.autofix_path(23), 1, FakeResponse{500, "{}", {}});
  start_daemon();
  ASSERT_EQ(send_issue({.id = 23}, "old-run").status, 202);

  expect_one_run_one_comment(23, 2301);
  EXPECT_EQ(autofix_posts(23), 2u);  // the 500, then (after the window) the run that exists
  EXPECT_NE(daemon_->log().find("no Seer run appeared for issue 23"), std::string::npos);
  EXPECT_EQ(daemon_->log().find("adopted Seer autofix run 2299"), std::string::npos);
}

TEST_F(FaultsTest, SentryDownForAWhileThenBack) {
  script_run(18, 1801);
  start_daemon();
  const FakeResponse down{503, "<html>Service Unavailable</html>", {}};
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", fake_.issue_path(18)},
                                                        {"POST", fake_.autofix_path(18)},
                                                        {"GET", fake_.autofix_path(18)},
                                                        {"GET", fake_.comments_path(18)},
                                                        {"POST", fake_.comments_path(18)}}) {
    fake_.fail_next(method, path, 8, down);
  }
  ASSERT_EQ(send_issue({.id = 18}, "outage").status, 202);

  expect_one_run_one_comment(18, 1801);
  EXPECT_EQ(autofix_posts(18), 9u);
  EXPECT_EQ(counts().deliveries_dead, 0);
}

TEST_F(FaultsTest, RefusedTokenOnStartPausesTheRunUntilSighup) {
  script_run(19, 1901);
  fake_.fail_next("POST", fake_.autofix_path(19), 1,
                  FakeResponse{401, R"({"detail":"Invalid token"})", {}});
  start_daemon();
  ASSERT_EQ(send_issue({.id = 19}, "auth-start").status, 202);
  ASSERT_TRUE(eventually([&] { return autofix_posts(19) == 1; }));
  ASSERT_TRUE(eventually(
      [&] { return daemon_->log().find("Sentry refused the token") != std::string::npos; }));
  // Sentry did not act: paused, not failed (the log line comes just before the save).
  EXPECT_TRUE(eventually([&] { return run_state(19) == "pending"; })) << run_state(19);
  EXPECT_NE(daemon_->log().find("event:write"), std::string::npos);  // names the scope

  daemon_->send_signal(SIGHUP);  // the operator fixed the token
  expect_one_run_one_comment(19, 1901);
  EXPECT_EQ(autofix_posts(19), 2u);
  EXPECT_EQ(counts().failed, 0);
}

TEST_F(FaultsTest, ForbiddenPollPausesTheRunUntilSighup) {
  script_run(20, 2001);
  start_daemon();
  ASSERT_EQ(send_issue({.id = 20}, "auth-poll").status, 202);
  ASSERT_TRUE(eventually([&] { return run_state(20) == "running"; }));
  fake_.fail_next("GET", fake_.autofix_path(20), 1,
                  FakeResponse{403, R"({"detail":"You do not have permission."})", {}});
  ASSERT_TRUE(eventually(
      [&] { return daemon_->log().find("Sentry refused the token") != std::string::npos; }));
  EXPECT_EQ(run_state(20), "running");

  daemon_->send_signal(SIGHUP);
  expect_one_run_one_comment(20, 2001);
  EXPECT_EQ(autofix_posts(20), 1u);
}

TEST_F(FaultsTest, RunWhoseIssueVanishesEndsFailedWithoutComment) {
  script_run(21, 2101);
  start_daemon();
  ASSERT_EQ(send_issue({.id = 21}, "gone").status, 202);
  ASSERT_TRUE(eventually([&] { return run_state(21) == "running"; }));
  fake_.fail_next("GET", fake_.autofix_path(21), 1,
                  FakeResponse{404, R"({"detail":"The requested resource does not exist"})", {}});
  ASSERT_TRUE(eventually([&] { return run_state(21) == "failed"; }));
  EXPECT_NE(run_detail(21).find("gone from Sentry"), std::string::npos) << run_detail(21);
  ::usleep(300'000);
  EXPECT_EQ(comment_posts(21), 0u);
  EXPECT_EQ(autofix_posts(21), 1u);
}

}  // namespace
}  // namespace autofixd::testing
