// What each notification target receives, per outcome, as golden files in
// tests/fixtures/golden/notify/ (AUTOFIXD_UPDATE_GOLDEN=1 rewrites them).
// JSON bodies are kept there pretty-printed for review; the test also checks
// that the body sent is exactly the compact form of that JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "notify/slack.hpp"
#include "notify/tracker_comment.hpp"
#include "notify/webhook.hpp"
#include "support/golden.hpp"
#include "unit/notify/examples.hpp"

namespace autofixd::notify {
namespace {

using Json = nlohmann::ordered_json;

std::string pretty(const std::string& body) {
  const Json parsed = Json::parse(body);
  // Sent compact, with nothing a parser would drop or reorder.
  EXPECT_EQ(parsed.dump(-1, ' ', false), body);
  return parsed.dump(2, ' ', false) + "\n";
}

class Golden : public ::testing::TestWithParam<std::pair<std::string, Outcome>> {};

TEST_P(Golden, TrackerComment) {
  const auto& [name, outcome] = GetParam();
  testing::expect_golden("notify/tracker_" + name + ".md", render_tracker_comment(outcome));
}

TEST_P(Golden, Slack) {
  const auto& [name, outcome] = GetParam();
  testing::expect_golden("notify/slack_" + name + ".json", pretty(render_slack(outcome)));
}

TEST_P(Golden, Webhook) {
  const auto& [name, outcome] = GetParam();
  testing::expect_golden("notify/webhook_" + name + ".json", pretty(render_webhook(outcome)));
}

INSTANTIATE_TEST_SUITE_P(EveryOutcome, Golden, ::testing::ValuesIn(examples::all()),
                         [](const auto& param_info) { return param_info.param.first; });

}  // namespace
}  // namespace autofixd::notify
