#include <gtest/gtest.h>

#include "report/render.hpp"
#include "sentry/autofix_state.hpp"
#include "support/fixture.hpp"

namespace autofixd::report {
namespace {

using testing::read_fixture;

sentry::AutofixState state_from(const std::string& fixture) {
  auto state = sentry::parse_autofix_state(read_fixture("sentry/" + fixture));
  EXPECT_TRUE(state) << fixture;
  return state ? *state : sentry::AutofixState{};
}

RunSummary summary(std::string final_state) {
  RunSummary s;
  s.run_id = SentryRunId{12345};
  s.issue = IssueId{1170820242};
  s.issue_short_id = "BACKEND-3F";
  s.issue_title = "TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'";
  s.issue_url = "https://acme.sentry.io/issues/1170820242/";
  s.rule = "backend-errors";
  s.stopping_point = config::StoppingPoint::open_pr;
  s.final_state = std::move(final_state);
  return s;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr const char* kIssueLink =
    "[BACKEND-3F: TypeError: unsupported operand type\\(s\\) for +: 'int' and 'NoneType']"
    "(https://acme.sentry.io/issues/1170820242/)";
constexpr const char* kPrLink = "[acme/backend#4711](https://github.com/acme/backend/pull/4711)";

TEST(Marker, NamesTheRun) {
  EXPECT_EQ(marker(SentryRunId{12345}), "autofixd:run:12345");
  EXPECT_TRUE(contains_marker("x `autofixd:run:12345`", SentryRunId{12345}));
  EXPECT_TRUE(contains_marker("autofixd:run:12345", SentryRunId{12345}));
  EXPECT_FALSE(contains_marker("autofixd:run:123456", SentryRunId{12345}));
  EXPECT_TRUE(contains_marker("autofixd:run:123456 autofixd:run:12345.", SentryRunId{12345}));
  EXPECT_FALSE(contains_marker("autofixd:run:", SentryRunId{1}));
}

TEST(RenderComment, LegacyCompletedShowsRootCauseSolutionChangesAndPr) {
  const auto state = state_from("autofix_legacy_completed.json");
  const std::string c = render_comment(summary("completed"), &state);
  EXPECT_EQ(c.rfind("### Seer Autofix: fix proposed\n", 0), 0u) << c;
  EXPECT_TRUE(has(c, kIssueLink)) << c;
  EXPECT_TRUE(has(c, "#### Root cause\n\n`compute_total` adds `discount`, which is `None`")) << c;
  EXPECT_TRUE(has(c, "- Invoice is created without a coupon")) << c;
  EXPECT_TRUE(has(c, "#### Proposed solution\n\nTreat a missing discount as zero")) << c;
  EXPECT_TRUE(has(c, "1. Default a missing discount to 0 in compute\\_total")) << c;
  EXPECT_TRUE(has(c, "2. Add a regression test")) << c;
  EXPECT_TRUE(has(c, "#### Code changes\n\n- `acme/backend`: `app/billing/invoice.py`")) << c;
  EXPECT_TRUE(has(c, "```diff\ndiff --git a/app/billing/invoice.py")) << c;
  EXPECT_TRUE(has(c, "#### Pull requests\n\n- " + std::string(kPrLink))) << c;
  EXPECT_TRUE(has(c, "rule `backend-errors`, stopping point `open_pr`")) << c;
  EXPECT_TRUE(contains_marker(c, SentryRunId{12345}));
  EXPECT_FALSE(has(c, "shortened"));
  EXPECT_FALSE(has(c, "What happened"));
}

TEST(RenderComment, AgentCompletedShowsLatestPatchAndPr) {
  const auto state = state_from("autofix_agent_completed.json");
  const std::string c = render_comment(summary("completed"), &state);
  EXPECT_TRUE(has(c, "### Seer Autofix: fix proposed")) << c;
  EXPECT_TRUE(has(c, "compute\\_total adds a None discount")) << c;
  EXPECT_TRUE(has(c, "- To reproduce: Create an invoice without a coupon")) << c;
  EXPECT_TRUE(has(c, "1. Default the discount")) << c;
  EXPECT_TRUE(has(c, "`tests/billing/test_invoice.py`")) << c;
  EXPECT_TRUE(has(c, "+    total = subtotal + (discount or 0)")) << c;
  EXPECT_FALSE(has(c, "discount if discount else 0")) << c;
  EXPECT_TRUE(has(c, kPrLink)) << c;
  EXPECT_TRUE(contains_marker(c, SentryRunId{12345}));
}

TEST(RenderComment, RootCauseOnlyRunSaysRootCauseFound) {
  const auto state = state_from("autofix_agent_awaiting_input.json");
  RunSummary s = summary("completed");
  s.stopping_point = config::StoppingPoint::root_cause;
  sentry::AutofixState done = state;
  done.error_detail.clear();
  const std::string c = render_comment(s, &done);
  EXPECT_EQ(c.rfind("### Seer Autofix: root cause found\n", 0), 0u) << c;
  EXPECT_TRUE(has(c, "stopping point `root_cause`"));
}

TEST(RenderComment, FailureSaysWhatHappened) {
  const auto state = state_from("autofix_legacy_error.json");
  const std::string c = render_comment(summary("failed"), &state);
  EXPECT_EQ(c.rfind("### Seer Autofix: failed\n", 0), 0u) << c;
  EXPECT_TRUE(has(c, "**What happened:** Seer Autofix stopped with an error: "
                     "Autofix was unable to access the repository acme/backend.")) << c;
  EXPECT_TRUE(has(c, kIssueLink));
  EXPECT_TRUE(contains_marker(c, SentryRunId{12345}));
}

TEST(RenderComment, AgentPrFailureIsExplained) {
  const auto state = state_from("autofix_agent_error.json");
  const std::string c = render_comment(summary("failed"), &state);
  EXPECT_TRUE(has(c, "pull request not created: GitHub App lacks contents:write")) << c;
  EXPECT_TRUE(has(c, "#### Root cause")) << c;
}

TEST(RenderComment, FailureWithoutDetailSaysSo) {
  const std::string c = render_comment(summary("failed"), nullptr);
  EXPECT_TRUE(has(c, "Sentry gave no further detail.")) << c;
}

TEST(RenderComment, TimeOutWithoutStateSaysNothingWasRead) {
  RunSummary s = summary("timed_out");
  s.failure_detail = "no result after 2h of polling";
  const std::string c = render_comment(s, nullptr);
  EXPECT_EQ(c.rfind("### Seer Autofix: timed out\n", 0), 0u) << c;
  EXPECT_TRUE(has(c, "**What happened:** The run did not finish before autofixd stopped waiting: "
                     "no result after 2h of polling. No result had been read from Sentry.")) << c;
  EXPECT_TRUE(has(c, kIssueLink));
  EXPECT_TRUE(contains_marker(c, SentryRunId{12345}));
  EXPECT_FALSE(has(c, "#### "));
}

TEST(RenderComment, TimeOutWithPartialStateShowsIt) {
  const auto state = state_from("autofix_agent_awaiting_input.json");
  sentry::AutofixState partial = state;
  partial.error_detail.clear();
  const std::string c = render_comment(summary("timed_out"), &partial);
  EXPECT_TRUE(has(c, "What Seer had found by then is below.")) << c;
  EXPECT_TRUE(has(c, "#### Root cause")) << c;
}

TEST(RenderComment, NeedsInputShowsTheQuestion) {
  const auto state = state_from("autofix_agent_awaiting_input.json");
  const std::string c = render_comment(summary("needs_input"), &state);
  EXPECT_EQ(c.rfind("### Seer Autofix: needs your input\n", 0), 0u) << c;
  EXPECT_TRUE(has(c, "Should a missing discount be treated as zero or rejected?")) << c;
}

TEST(RenderComment, CancelledAndUnknownStatesStillRender) {
  EXPECT_TRUE(has(render_comment(summary("cancelled"), nullptr), "### Seer Autofix: cancelled"));
  const std::string odd = render_comment(summary("<b>weird</b>"), nullptr);
  EXPECT_TRUE(has(odd, "### Seer Autofix: ended (\\<b\\>weird\\</b\\>)")) << odd;
}

TEST(RenderComment, MissingIssueUrlAndShortIdFallBackToId) {
  RunSummary s = summary("failed");
  s.issue_short_id.clear();
  s.issue_title.clear();
  s.issue_url = "javascript:alert(1)";
  const std::string c = render_comment(s, nullptr);
  EXPECT_TRUE(has(c, "**Issue:** Issue 1170820242\n")) << c;
  EXPECT_FALSE(has(c, "javascript:"));
}

}  // namespace
}  // namespace autofixd::report
