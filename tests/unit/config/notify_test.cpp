// [[notify]]: Slack and signed-webhook targets, and the names that key
// every target's outbox.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace autofixd::config {
namespace {

using testing::error_of;
using testing::kMinimal;
using testing::parse;
using testing::TempDir;

// Header on line 3.
std::string notify(std::string_view body) {
  return std::string(kMinimal) + "[[notify]]\n" + std::string(body);
}

TEST(NotifyConfig, ReadsASlackTarget) {
  TempDir dir;
  const std::string url = dir.write("slack-url", "https://hooks.slack.com/services/T0/B0/XyZ\n");
  const Result<Config> c = parse(notify("kind = \"slack\"\nurl_file = \"" + url +
                                        "\"\noutcomes = [\"completed\", \"refused\"]\n"));
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->notify.size(), 1u);
  const NotifyTarget& n = c->notify[0];
  EXPECT_EQ(n.name, "slack");
  EXPECT_EQ(n.kind, "slack");
  EXPECT_EQ(n.url_origin, "https://hooks.slack.com");
  EXPECT_EQ(n.url_target, "/services/T0/B0/XyZ");
  EXPECT_EQ(n.outcomes, (std::vector<std::string>{"completed", "refused"}));
  EXPECT_EQ(n.line, 3);
}

TEST(NotifyConfig, AWebhookNeedsItsSigningSecret) {
  TempDir dir;
  const std::string url = dir.write("hook-url", "https://pager.example/in?team=sre\n");
  const std::string secret = dir.write("hook-secret", "s3cret\n");
  const Result<Config> c = parse(notify("kind = \"webhook\"\nurl_file = \"" + url +
                                        "\"\nsecret_file = \"" + secret + "\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->notify[0].url_target, "/in?team=sre");
  EXPECT_EQ(c->notify[0].secret, "s3cret");
  EXPECT_TRUE(c->notify[0].outcomes.empty());

  EXPECT_EQ(error_of(notify("kind = \"webhook\"\nurl_file = \"" + url + "\"\n")),
            "autofixd.toml:3: notify[0].secret_file: missing (expected, for kind \"webhook\", the "
            "path of a file holding the HMAC-SHA256 signing secret)");
}

TEST(NotifyConfig, RejectsUnknownOutcomesAndKinds) {
  TempDir dir;
  const std::string url = dir.write("u", "https://hooks.slack.com/x\n");
  EXPECT_EQ(error_of(notify("kind = \"email\"\nurl_file = \"" + url + "\"\n")),
            "autofixd.toml:4: notify[0].kind: \"email\" is not a notify kind (expected \"slack\" "
            "or \"webhook\")");
  EXPECT_EQ(error_of(notify("kind = \"slack\"\nurl_file = \"" + url +
                            "\"\noutcomes = [\"finished\"]\n")),
            "autofixd.toml:6: notify[0].outcomes: \"finished\" is not an outcome (expected any of "
            "started, completed, failed, needs_input, timed_out, cancelled, refused, "
            "skipped_already_triggered; [] = all)");
}

TEST(NotifyConfig, RefusesPlainHttpToARemoteHostWithoutRepeatingTheUrlPath) {
  TempDir dir;
  const std::string url = dir.write("u", "http://hooks.example.com/services/SECRET-TOKEN\n");
  const std::string error = error_of(notify("kind = \"slack\"\nurl_file = \"" + url + "\"\n"));
  EXPECT_NE(error.find("notify[0].url_file: the URL in " + url), std::string::npos) << error;
  EXPECT_NE(error.find("plain http"), std::string::npos) << error;
  EXPECT_EQ(error.find("SECRET-TOKEN"), std::string::npos) << error;
}

TEST(NotifyConfig, TwoTargetsOfOneKindNeedNames) {
  TempDir dir;
  const std::string url = dir.write("u", "https://hooks.slack.com/x\n");
  const std::string slack = "kind = \"slack\"\nurl_file = \"" + url + "\"\n";
  EXPECT_EQ(error_of(notify(slack) + "[[notify]]\n" + slack),
            "autofixd.toml:6: notify[1].name: \"slack\" names another [[tracker]] or [[notify]] "
            "too (expected a unique name: set name = \"...\" on each; it keys the target's "
            "outbox)");
  const Result<Config> c =
      parse(notify(slack + "name = \"sre\"\n") + "[[notify]]\n" + slack + "name = \"dev\"\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->notify[0].name, "sre");
  EXPECT_EQ(c->notify[1].name, "dev");
}

}  // namespace
}  // namespace autofixd::config
