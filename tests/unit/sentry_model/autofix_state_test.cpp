#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sentry/autofix_state.hpp"
#include "support/fixture.hpp"
#include "util/time_format.hpp"

namespace autofixd::sentry {
namespace {

using testing::read_fixture;

AutofixState parse_fixture(const std::string& name) {
  auto state = parse_autofix_state(read_fixture("sentry/" + name));
  EXPECT_TRUE(state) << name << ": " << (state ? "" : state.error().message);
  return state ? *state : AutofixState{};
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(ParseAutofixState, NullMeansNoRun) {
  const AutofixState state = parse_fixture("autofix_null.json");
  EXPECT_FALSE(state.exists);
  EXPECT_FALSE(state.run_id.has_value());
}

TEST(ParseAutofixState, LegacyProcessing) {
  const AutofixState state = parse_fixture("autofix_legacy_processing.json");
  EXPECT_TRUE(state.exists);
  EXPECT_EQ(state.run_id->value, 12345);
  EXPECT_EQ(state.status, AutofixStatus::processing);
  EXPECT_EQ(state.raw_status, "PROCESSING");
  EXPECT_TRUE(state.root_cause.empty());
  EXPECT_TRUE(state.error_detail.empty());
  // Sentry writes naive UTC timestamps here.
  EXPECT_EQ(state.triggered_at, parse_utc("2025-09-23T21:00:46.696678Z"));
  EXPECT_EQ(state.updated_at, parse_utc("2025-09-23T21:02:18.160885Z"));
}

TEST(ParseAutofixState, LegacyCompletedHasRootCauseSolutionChangesAndPr) {
  const AutofixState state = parse_fixture("autofix_legacy_completed.json");
  EXPECT_EQ(state.status, AutofixStatus::completed);
  EXPECT_EQ(state.raw_status, "COMPLETED");
  EXPECT_EQ(state.root_cause,
            "`compute_total` adds `discount`, which is `None` for invoices created without a coupon.");
  ASSERT_EQ(state.root_cause_details.size(), 2u);
  EXPECT_TRUE(contains(state.root_cause_details[0], "Invoice is created without a coupon"));
  EXPECT_TRUE(contains(state.root_cause_details[1], "raises `TypeError`"));
  EXPECT_EQ(state.solution, "Treat a missing discount as zero when computing invoice totals.");
  ASSERT_EQ(state.solution_steps.size(), 2u);
  EXPECT_TRUE(contains(state.solution_steps[0], "Default a missing discount to 0 in compute_total"));
  EXPECT_EQ(state.solution_steps[1], "Add a regression test for invoices without a coupon");
  ASSERT_EQ(state.changes.size(), 1u);
  EXPECT_EQ(state.changes[0].repo, "acme/backend");
  EXPECT_EQ(state.changes[0].path, "app/billing/invoice.py");
  EXPECT_EQ(state.changes[0].title, "fix(billing): treat a missing discount as zero");
  EXPECT_TRUE(contains(state.changes[0].diff, "+    total = subtotal + (discount or 0)"));
  ASSERT_EQ(state.pull_requests.size(), 1u);
  EXPECT_EQ(state.pull_requests[0].url, "https://github.com/acme/backend/pull/4711");
  EXPECT_EQ(state.pull_requests[0].number, 4711);
  EXPECT_EQ(state.pull_requests[0].repo, "acme/backend");
  EXPECT_TRUE(state.error_detail.empty());
}

TEST(ParseAutofixState, LegacyErrorKeepsProgressErrorMessage) {
  const AutofixState state = parse_fixture("autofix_legacy_error.json");
  EXPECT_EQ(state.status, AutofixStatus::error);
  EXPECT_EQ(state.error_detail, "Autofix was unable to access the repository acme/backend.");
}

TEST(ParseAutofixState, AgentProcessing) {
  const AutofixState state = parse_fixture("autofix_agent_processing.json");
  EXPECT_EQ(state.status, AutofixStatus::processing);
  EXPECT_EQ(state.raw_status, "processing");
  EXPECT_TRUE(state.root_cause.empty());
  EXPECT_TRUE(state.changes.empty());
  EXPECT_FALSE(state.triggered_at.has_value());  // the agent shape has none
  EXPECT_EQ(state.updated_at, parse_utc("2025-09-23T21:09:12.004511Z"));
}

TEST(ParseAutofixState, UnparsableTimestampsAreAbsentNotFatal) {
  auto state = parse_autofix_state(
      R"({"autofix":{"run_id":1,"status":"processing","updated_at":"yesterday","last_triggered_at":7}})");
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->updated_at.has_value());
  EXPECT_FALSE(state->triggered_at.has_value());
}

TEST(ParseAutofixState, AgentCompletedHasArtifactsPatchesAndPr) {
  const AutofixState state = parse_fixture("autofix_agent_completed.json");
  EXPECT_EQ(state.status, AutofixStatus::completed);
  EXPECT_EQ(state.run_id->value, 12345);
  EXPECT_EQ(state.root_cause, "compute_total adds a None discount for invoices created without a coupon.");
  ASSERT_EQ(state.root_cause_details.size(), 5u);
  EXPECT_EQ(state.root_cause_details[0], "compute_total raises TypeError");
  EXPECT_EQ(state.root_cause_details[3], "To reproduce: Create an invoice without a coupon");
  EXPECT_EQ(state.solution, "Treat a missing discount as zero in compute_total.");
  ASSERT_EQ(state.solution_steps.size(), 2u);
  EXPECT_TRUE(contains(state.solution_steps[0], "Default the discount"));
  EXPECT_TRUE(contains(state.solution_steps[0], "Use `discount or 0` in compute_total."));
  ASSERT_EQ(state.changes.size(), 2u);
  EXPECT_EQ(state.changes[0].path, "app/billing/invoice.py");
  // The later block's merged patch replaces the earlier one for the same file.
  EXPECT_TRUE(contains(state.changes[0].diff, "(discount or 0)"));
  EXPECT_FALSE(contains(state.changes[0].diff, "discount if discount else 0"));
  EXPECT_EQ(state.changes[1].path, "tests/billing/test_invoice.py");
  ASSERT_EQ(state.pull_requests.size(), 1u);
  EXPECT_EQ(state.pull_requests[0].url, "https://github.com/acme/backend/pull/4711");
  EXPECT_EQ(state.pull_requests[0].number, 4711);
  EXPECT_TRUE(state.error_detail.empty());
}

TEST(ParseAutofixState, AgentErrorReportsPrCreationError) {
  const AutofixState state = parse_fixture("autofix_agent_error.json");
  EXPECT_EQ(state.status, AutofixStatus::error);
  EXPECT_TRUE(state.pull_requests.empty());
  EXPECT_EQ(state.error_detail,
            "acme/backend: pull request not created: GitHub App lacks contents:write on acme/backend");
  EXPECT_EQ(state.changes.size(), 1u);
}

TEST(ParseAutofixState, AgentAwaitingInputCarriesQuestion) {
  const AutofixState state = parse_fixture("autofix_agent_awaiting_input.json");
  EXPECT_EQ(state.status, AutofixStatus::needs_input);
  EXPECT_EQ(state.error_detail, "Should a missing discount be treated as zero or rejected?");
  EXPECT_FALSE(state.root_cause.empty());
}

TEST(ParseAutofixState, LegacySelectionPicksTheSelectedCause) {
  auto state = parse_autofix_state(R"({"autofix":{"status":"COMPLETED","steps":[
    {"type":"root_cause_analysis","causes":[{"id":0,"description":"first"},{"id":"1","description":"second"}],
     "selection":{"cause_id":1}}]}})");
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->root_cause, "second");
}

TEST(ParseAutofixState, LegacyCustomRootCauseWins) {
  auto state = parse_autofix_state(R"({"autofix":{"status":"COMPLETED","steps":[
    {"type":"root_cause_analysis","causes":[{"id":0,"description":"seer's"}],
     "selection":{"custom_root_cause":"the user's"}}]}})");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->root_cause, "the user's");
}

TEST(ParseAutofixState, TopLevelErrorIsKept) {
  auto state = parse_autofix_state(R"({"autofix":{"status":"error","blocks":[],"error":"Seer timed out"}})");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->error_detail, "Seer timed out");
}

TEST(ParseAutofixState, UnknownStatusKeepsPollingAndRawValue) {
  auto state = parse_autofix_state(R"({"autofix":{"run_id":"77","status":"THINKING_HARD"}})");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->status, AutofixStatus::processing);
  EXPECT_EQ(state->raw_status, "THINKING_HARD");
  EXPECT_EQ(state->run_id->value, 77);
}

TEST(ParseAutofixState, SeersFreeTextIsOnePrintableCappedLine) {
  // It reaches logs, `autofixd runs` and the terminal as it is stored here.
  const std::string question =
      "Proceed?\n2025-01-01 [error] forged\x1B[2J\xE2\x80\xAE" + std::string(5000, 'q');
  const nlohmann::json doc = {{"autofix",
                               {{"status", "WAITING_FOR_USER_RESPONSE\x1B[31m"},
                                {"blocks", nlohmann::json::array()},
                                {"pending_user_input", question},
                                {"error", "bad\r\nthing\x07"}}}};
  auto state = parse_autofix_state(doc.dump());
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->raw_status, "WAITING_FOR_USER_RESPONSE");
  EXPECT_EQ(state->status, AutofixStatus::needs_input);
  EXPECT_EQ(state->question.rfind("Proceed? 2025-01-01 [error] forgedqqq", 0), 0u)
      << state->question;
  EXPECT_LE(state->question.size(), 2000u);
  EXPECT_EQ(state->question.substr(state->question.size() - 3), "\xE2\x80\xA6");
  EXPECT_EQ(state->error_detail, "bad thing");
}

TEST(ParseAutofixState, WrongTypesInResultsAreSkipped) {
  auto state = parse_autofix_state(R"({"autofix":{"status":"completed","run_id":true,
    "blocks":[7,{"artifacts":"x"},{"artifacts":[{"key":"root_cause","data":[1]},
      {"key":"solution","data":{"one_line_summary":5,"steps":[null,3,{"title":["x"]},"Plain step"]}}],
      "merged_file_patches":[null,{"repo_name":1,"patch":"p"}]}],
    "repo_pr_states":{"a":null,"b":{"pr_url":5},"c":{"pr_url":"https://github.com/c/c/pull/1","pr_number":"x"}}}})");
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_FALSE(state->run_id.has_value());
  EXPECT_TRUE(state->root_cause.empty());
  EXPECT_EQ(state->solution_steps, std::vector<std::string>{"Plain step"});
  ASSERT_EQ(state->pull_requests.size(), 1u);
  EXPECT_EQ(state->pull_requests[0].repo, "c");
  EXPECT_FALSE(state->pull_requests[0].number.has_value());
}

struct BadState {
  const char* body;
  const char* message_part;
};

class ParseAutofixStateRejects : public ::testing::TestWithParam<BadState> {};

TEST_P(ParseAutofixStateRejects, WithClearError) {
  Result<AutofixState> state = AutofixState{};
  EXPECT_NO_THROW(state = parse_autofix_state(GetParam().body));
  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().code, "sentry.bad_response");
  EXPECT_NE(state.error().message.find(GetParam().message_part), std::string::npos)
      << state.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, ParseAutofixStateRejects,
    ::testing::Values(BadState{"", "autofix: body is not valid JSON"},
                      BadState{"<html>502 Bad Gateway</html>", "not valid JSON"},
                      BadState{"[]", R"(expected a JSON object with an "autofix" field)"},
                      BadState{R"({"run_id": 1})", R"("autofix" field)"},
                      BadState{R"({"autofix": "none"})", R"(field "autofix": expected an object or null)"},
                      BadState{R"({"autofix": {"status": 3}})", R"(field "autofix.status")"}));

TEST(MapStatus, IsCaseInsensitiveAndCoversBothGenerations) {
  EXPECT_EQ(map_status("PROCESSING"), AutofixStatus::processing);
  EXPECT_EQ(map_status("processing"), AutofixStatus::processing);
  EXPECT_EQ(map_status("Completed"), AutofixStatus::completed);
  EXPECT_EQ(map_status("ERROR"), AutofixStatus::error);
  EXPECT_EQ(map_status("CANCELLED"), AutofixStatus::cancelled);
  EXPECT_EQ(map_status("awaiting_user_input"), AutofixStatus::needs_input);
  EXPECT_EQ(map_status("WAITING_FOR_USER_RESPONSE"), AutofixStatus::needs_input);
  EXPECT_EQ(map_status("NEED_MORE_INFORMATION"), AutofixStatus::needs_input);
  EXPECT_EQ(map_status(""), AutofixStatus::processing);
  EXPECT_EQ(map_status("something_new"), AutofixStatus::processing);
  EXPECT_EQ(to_string(AutofixStatus::needs_input), "needs_input");
}

}  // namespace
}  // namespace autofixd::sentry
