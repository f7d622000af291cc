// FakeOwlmetry's fault knobs: outages on the same port, 503 / 429 for the
// next requests or a route, dropped connections before or after acting,
// delayed answers.

#include <chrono>

#include "integration/fake_owlmetry_fixture.hpp"
#include "integration/tls_client.hpp"

namespace autofixd::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(FakeOwlmetryTest, StopListeningRefusesConnectionsUntilResumedOnTheSamePort) {
  owl_.add_project(kProject);
  const auto port = owl_.port();
  const auto path = FakeOwlmetry::issues_path(kProject);

  owl_.stop_listening();
  auto refused = get(path);
  owl_.resume_listening();
  auto back = get(path);

  EXPECT_EQ(refused.status, 0);
  EXPECT_EQ(owl_.port(), port);
  EXPECT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(owl_.count(OwlRoute::list_issues), 1u);
}

TEST_F(FakeOwlmetryTest, StopListeningClosesConnectionsAlreadyOpen) {
  owl_.add_project(kProject);
  TlsClient kept_alive(owl_.port(), owl_.ca_file());
  ASSERT_EQ(kept_alive.connect(), "");

  owl_.stop_listening();
  const bool sent =
      kept_alive.send("GET " + FakeOwlmetry::issues_path(kProject) +
                      " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer owl_k3y\r\n\r\n");

  EXPECT_EQ(sent ? kept_alive.read_response(5s).status : 0, 0);
  EXPECT_EQ(owl_.count(OwlRoute::list_issues), 0u);
}

TEST_F(FakeOwlmetryTest, UnavailableForTheNextRequestsThenNormal) {
  auto issue = owl_.add_issue(kProject);
  owl_.fail_next(2, FakeOwlmetry::unavailable());

  auto first = post_comment(issue, "a");
  auto second = get(FakeOwlmetry::issue_path(kProject, issue));
  auto third = post_comment(issue, "b");

  EXPECT_EQ(first.status, 503);
  EXPECT_EQ(second.status, 503);
  EXPECT_EQ(third.status, 201);
  ASSERT_EQ(owl_.comments(kProject, issue).size(), 1u);
  EXPECT_EQ(owl_.comments(kProject, issue)[0].body, "b");
}

TEST_F(FakeOwlmetryTest, TooManyRequestsOnOneRouteCarriesRetryAfter) {
  auto issue = owl_.add_issue(kProject);
  owl_.fail_next(OwlRoute::post_comment, 1, FakeOwlmetry::too_many_requests(7s));

  auto limited = post_comment(issue, "a");
  auto other_route = get(FakeOwlmetry::comments_path(kProject, issue));
  auto again = post_comment(issue, "a");

  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(response_header(limited, "Retry-After"), "7");
  EXPECT_EQ(other_route.status, 200);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(owl_.comments(kProject, issue).size(), 1u);
}

TEST_F(FakeOwlmetryTest, AFaultUntilClearedLastsUntilCleared) {
  owl_.add_project(kProject);
  owl_.fail_next(OwlRoute::list_issues, FakeOwlmetry::kUntilCleared, FakeOwlmetry::unavailable());
  const auto path = FakeOwlmetry::issues_path(kProject);

  for (int i = 0; i < 5; ++i) EXPECT_EQ(get(path).status, 503);
  owl_.clear_faults();

  EXPECT_EQ(get(path).status, 200);
}

TEST_F(FakeOwlmetryTest, DroppedBeforeActingCreatesNothing) {
  auto issue = owl_.add_issue(kProject);
  owl_.drop_next(OwlRoute::post_comment, 1);

  auto dropped = post_comment(issue, "a");

  EXPECT_EQ(dropped.status, 0);
  EXPECT_TRUE(owl_.comments(kProject, issue).empty());
  EXPECT_EQ(owl_.count(OwlRoute::post_comment), 1u);
}

TEST_F(FakeOwlmetryTest, ActThenDropCreatesTheCommentButNeverAnswers) {
  auto issue = owl_.add_issue(kProject);
  owl_.act_then_drop_next(OwlRoute::post_comment, 1);

  auto dropped = post_comment(issue, "exactly once <!-- autofixd:run:7 -->");
  auto listed = json(get(FakeOwlmetry::comments_path(kProject, issue)));

  EXPECT_EQ(dropped.status, 0);
  ASSERT_EQ(owl_.comments(kProject, issue).size(), 1u);
  ASSERT_EQ(listed["comments"].size(), 1u);
  EXPECT_EQ(listed["comments"][0]["body"], "exactly once <!-- autofixd:run:7 -->");
  EXPECT_EQ(post_comment(issue, "next").status, 201);
}

TEST_F(FakeOwlmetryTest, ActThenDropMovesTheStatusButNeverAnswers) {
  auto issue = owl_.add_issue(kProject);
  owl_.act_then_drop_next(OwlRoute::patch_issue, 1);

  auto dropped = patch_status(issue, {{"status", "in_progress"}});

  EXPECT_EQ(dropped.status, 0);
  EXPECT_EQ(owl_.status(kProject, issue), "in_progress");
}

TEST_F(FakeOwlmetryTest, DelayedAnswerActsAtOnceAndAnswersLater) {
  auto issue = owl_.add_issue(kProject);
  owl_.delay_next(OwlRoute::patch_issue, 1, 60s);
  HttpCall request{"PATCH",
                   FakeOwlmetry::issue_path(kProject, issue),
                   {{"Authorization", "Bearer owl_k3y"}},
                   R"({"status":"in_progress"})",
                   500ms};

  auto gave_up = http_call(owl_.port(), owl_.ca_file(), request);

  EXPECT_EQ(gave_up.status, 0);  // the client stopped waiting before the answer
  EXPECT_TRUE(owl_.wait_for([&] { return owl_.status(kProject, issue) == "in_progress"; }, 10s));
  EXPECT_EQ(patch_status(issue, {{"status", "new"}}).status, 200);  // only the next one was slow
}

TEST_F(FakeOwlmetryTest, UnauthorizedRequestsAreNotActedOnEvenWhenDropping) {
  auto issue = owl_.add_issue(kProject);
  owl_.act_then_drop_next(OwlRoute::post_comment, 1);

  auto refused =
      call("POST", FakeOwlmetry::comments_path(kProject, issue), R"({"body":"x"})", "bad-key");

  EXPECT_EQ(refused.status, 401);
  EXPECT_TRUE(owl_.comments(kProject, issue).empty());
  EXPECT_EQ(post_comment(issue, "y").status, 0);  // the drop is still pending
}

}  // namespace
}  // namespace autofixd::testing
