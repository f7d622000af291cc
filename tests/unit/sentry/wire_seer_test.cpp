// What autofixd sends to continue a Seer run, and the project-wide sweep.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sentry/responses.hpp"
#include "sentry/wire.hpp"

namespace autofixd::sentry {
namespace {

TEST(WireSeer, ContinuationCarriesRunIdsAndStepButNoStoppingPoint) {
  StartAutofix request{config::StoppingPoint::open_pr, "ignored on a continuation"};
  request.run_id = SentryRunId{777};
  request.sentry_run_uuid = "3f6c1a52-7f0e-4b8e-9a57-2b1f0c9d4e11";
  request.step = "open_pr";
  request.repo_name = "acme/backend";
  // A stopping_point would make Sentry restart the run at root_cause.
  EXPECT_EQ(nlohmann::json::parse(start_autofix_body(request)),
            nlohmann::json({{"run_id", 777},
                            {"sentry_run_id", "3f6c1a52-7f0e-4b8e-9a57-2b1f0c9d4e11"},
                            {"step", "open_pr"},
                            {"repo_name", "acme/backend"}}));
}

TEST(WireSeer, HandOffSendsIntegrationIdOrProviderNeverBoth) {
  StartAutofix request;
  request.run_id = SentryRunId{777};
  request.step = "coding_agent_handoff";
  request.coding_agent = config::CodingAgentHandoff{42, "cursor"};
  auto body = nlohmann::json::parse(start_autofix_body(request));
  EXPECT_EQ(body["integration_id"], 42);
  EXPECT_FALSE(body.contains("provider"));
  request.coding_agent = config::CodingAgentHandoff{0, "cursor"};
  body = nlohmann::json::parse(start_autofix_body(request));
  EXPECT_EQ(body["provider"], "cursor");
  EXPECT_FALSE(body.contains("integration_id"));
}

TEST(WireSeer, SweepListsEveryProjectTheTokenMaySee) {
  EXPECT_NE(ApiPaths("acme").recent_issues().find("&project=-1"), std::string::npos);
  EXPECT_EQ(ApiPaths("acme").autofix_setup(IssueId{42}),
            "/api/0/organizations/acme/issues/42/autofix/setup/");
}

TEST(WireSeer, StartedRunReadsBothIdsOrNeither) {
  auto both = parse_started_run(R"({"run_id":12345,"sentry_run_id":"abc-def"})");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->run_id, SentryRunId{12345});
  EXPECT_EQ(both->sentry_run_uuid, "abc-def");
  auto handoff = parse_started_run(R"({"successes":[{"repo_name":"acme/backend"}],"failures":[]})");
  ASSERT_TRUE(handoff);
  EXPECT_FALSE(handoff->run_id.has_value());
  EXPECT_FALSE(parse_started_run("not json"));
}

TEST(WireSeer, SetupPreflightFlags) {
  auto setup = parse_autofix_setup(
      R"({"integration":{"ok":true,"reason":null},"setupAcknowledgement":{"orgHasAcknowledged":true,"userHasAcknowledged":true},"billing":{"hasAutofixQuota":false},"seerReposLinked":false,"autofixEnabled":false})");
  ASSERT_TRUE(setup);
  EXPECT_TRUE(setup->integration_ok);
  EXPECT_FALSE(setup->has_quota);
  EXPECT_FALSE(setup->repos_linked);
  auto missing = parse_autofix_setup("{}");
  ASSERT_TRUE(missing);
  EXPECT_TRUE(missing->has_quota);  // unknown blocks nothing
  EXPECT_FALSE(parse_autofix_setup("[]"));
}

}  // namespace
}  // namespace autofixd::sentry
