// How the run went (duration, what triggered it, the next step) and cuts
// named in words: the parts of a comment a reader acts on.
#include <gtest/gtest.h>

#include "report/render.hpp"

namespace autofixd::report {
namespace {

using config::StoppingPoint;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

RunSummary summary(StoppingPoint stopping_point) {
  RunSummary s;
  s.run_id = SentryRunId{9};
  s.issue = IssueId{42};
  s.issue_short_id = "BACKEND-1";
  s.issue_url = "https://acme.sentry.io/issues/42/";
  s.rule = "backend-errors";
  s.stopping_point = stopping_point;
  s.final_state = "completed";
  return s;
}

sentry::AutofixState with_root_cause() {
  sentry::AutofixState st;
  st.exists = true;
  st.root_cause = "The cart is empty.";
  return st;
}

TEST(RenderRun, SaysHowLongAndWhatTriggeredIt) {
  RunSummary s = summary(StoppingPoint::root_cause);
  s.duration = std::chrono::seconds{3 * 3600 + 125};
  s.trigger = RunSummary::Trigger{1, 1234567, 0.5, ""};
  const auto st = with_root_cause();
  const std::string c = render_comment(s, &st);
  EXPECT_TRUE(
      has(c,
          "**Run:** Took 3 hours 2 minutes. Started by rule `backend-errors`, which saw 1 event "
          "and 1,234,567 users, with a fixability score of 0.50.\n"))
      << c;
}

TEST(RenderRun, UnknownFactsAreLeftOutNotGuessed) {
  RunSummary s = summary(StoppingPoint::root_cause);
  s.trigger = RunSummary::Trigger{};
  const auto st = with_root_cause();
  EXPECT_TRUE(
      has(render_comment(s, &st),
          "**Run:** Started by rule `backend-errors`, which saw no event or user counts, with no "
          "fixability score yet.\n"));
  s.trigger.reset();
  EXPECT_TRUE(has(render_comment(s, &st), "**Run:** Started by rule `backend-errors`.\n"));
}

TEST(RenderRun, EnvironmentCountsSayWhere) {
  RunSummary s = summary(StoppingPoint::root_cause);
  s.trigger = RunSummary::Trigger{20, 3, std::nullopt, "production, staging"};
  const auto st = with_root_cause();
  EXPECT_TRUE(
      has(render_comment(s, &st),
          "which saw 20 events in the last 30 days and 3 users in `production, staging`, with no "
          "fixability score yet."));
}

TEST(RenderRun, EarlierStoppingPointNamesTheNextStageAndHowToGetIt) {
  const auto st = with_root_cause();
  const std::string c = render_comment(summary(StoppingPoint::root_cause), &st);
  EXPECT_TRUE(has(c, "The next stage is a proposed solution.")) << c;
  EXPECT_TRUE(has(c, "a later stopping point (`solution`, `code_changes`, `open_pr`)")) << c;
  EXPECT_TRUE(has(c, "continues this same Seer run instead of starting a new one")) << c;

  sentry::AutofixState changes = st;
  changes.solution = "Return early.";
  changes.changes = {{"acme/backend", "cart.py", "", ""}};
  const std::string later = render_comment(summary(StoppingPoint::code_changes), &changes);
  EXPECT_TRUE(has(later, "The next stage is a pull request.")) << later;
  EXPECT_TRUE(has(later, "a later stopping point (`open_pr`)")) << later;
}

TEST(RenderRun, NoNextStepAfterAPullRequestOrForUnfinishedRuns) {
  sentry::AutofixState st = with_root_cause();
  st.pull_requests = {{"acme/backend", "https://github.com/acme/backend/pull/1", 1}};
  EXPECT_FALSE(has(render_comment(summary(StoppingPoint::open_pr), &st), "Next step"));
  RunSummary failed = summary(StoppingPoint::root_cause);
  failed.final_state = "failed";
  EXPECT_FALSE(has(render_comment(failed, &st), "Next step"));
  RunSummary asking = summary(StoppingPoint::root_cause);
  asking.final_state = "needs_input";
  EXPECT_FALSE(has(render_comment(asking, &st), "Next step"));
}

TEST(RenderRun, PipelineStoppedShortSaysWhereAndHowToGoOn) {
  const auto st = with_root_cause();
  const std::string c = render_comment(summary(StoppingPoint::open_pr), &st);
  EXPECT_TRUE(
      has(c,
          "**Next step:** Seer stopped after the root cause, before a pull request, where rule "
          "`backend-errors` stops (`stopping_point = \"open_pr\"`). To go on, continue this run "
          "in Sentry's Autofix panel.\n"))
      << c;
}

TEST(RenderCuts, AFieldCutToItsOwnLimitSaysSoWithBothLengths) {
  sentry::AutofixState st;
  st.exists = true;
  st.root_cause = std::string(200000, 'r');
  const std::string c = render_comment(summary(StoppingPoint::root_cause), &st);
  EXPECT_TRUE(has(
      c, "_(Root cause shortened from 200,000 to 7,997 characters; the full text is in Sentry.)_"))
      << c.substr(0, 200);
  EXPECT_FALSE(has(c, "This comment was shortened"));  // the comment itself fits
}

TEST(RenderCuts, CharactersAreCountedNotBytes) {
  sentry::AutofixState st;
  st.exists = true;
  for (int i = 0; i < 5000; ++i) st.root_cause += "\xE2\x82\xAC";  // 5,000 euro signs, 15,000 bytes
  const std::string c = render_comment(summary(StoppingPoint::root_cause), &st);
  EXPECT_TRUE(has(c, "_(Root cause shortened from 5,000 to 2,665 characters;"))
      << c.substr(c.size() - 600);
}

TEST(RenderCuts, TitleDetailAndLinesNameWhatWasCut) {
  RunSummary s = summary(StoppingPoint::root_cause);
  s.issue_title = std::string(400, 't');
  s.failure_detail = std::string(2500, 'd');
  sentry::AutofixState st = with_root_cause();
  st.root_cause_details = {std::string(2100, 'w')};
  const std::string c = render_comment(s, &st);
  EXPECT_TRUE(has(c, "_(Title shortened from 400 to 297 characters;")) << c;
  EXPECT_TRUE(has(c, "_(Detail shortened from 2,500 to 1,997 characters;")) << c;
  EXPECT_TRUE(has(c, "_(Root-cause detail shortened from 2,100 to 1,997 characters;")) << c;
}

TEST(RenderCuts, TheCommentBudgetNamesWhatWasLeftOut) {
  sentry::AutofixState st = with_root_cause();
  st.root_cause = std::string(7000, 'r');
  for (int i = 0; i < 10; ++i) st.solution_steps.push_back(std::string(500, 's'));
  const std::string c = render_comment(summary(StoppingPoint::solution), &st, 6000);
  EXPECT_LE(c.size(), 6000U);
  EXPECT_TRUE(
      has(c,
          "_(This comment was shortened to stay within 6,000 bytes: root cause shortened; 10 of 10 "
          "solution steps left out; the full result is in Sentry's Autofix panel.)_"))
      << c.substr(c.size() - 700);
  EXPECT_TRUE(has(c, "_(Root cause shortened from 7,000 to ")) << c.substr(0, 300);
}

}  // namespace
}  // namespace autofixd::report
