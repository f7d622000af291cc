// parse_envelope on every prefix and on byte-flipped copies of real bodies:
// it must return a value or an error with one of the two codes, never throw
// or crash (run under the sanitizers to catch the rest).

#include <gtest/gtest.h>

#include "intake/envelope.hpp"
#include "support/fixture.hpp"

namespace autofixd::intake {
namespace {

void expect_handled(std::string_view resource, std::string_view body) {
  const auto parsed = parse_envelope(resource, body);
  if (parsed) return;
  const std::string& code = parsed.error().code;
  EXPECT_TRUE(code == "intake.bad_json" || code == "intake.bad_shape") << code;
  EXPECT_FALSE(parsed.error().message.empty());
}

class EnvelopeRobustnessTest
    : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(EnvelopeRobustnessTest, EveryPrefixIsHandled) {
  const auto [resource, file] = GetParam();
  const std::string body = testing::read_fixture(std::string("webhooks/") + file);
  for (std::size_t n = 0; n < body.size(); ++n) {
    const auto parsed = parse_envelope(resource, std::string_view(body).substr(0, n));
    ASSERT_FALSE(parsed.ok()) << "prefix of " << n << " bytes accepted";
    EXPECT_EQ(parsed.error().code, "intake.bad_json");
  }
}

TEST_P(EnvelopeRobustnessTest, FlippedBytesAreHandled) {
  const auto [resource, file] = GetParam();
  const std::string body = testing::read_fixture(std::string("webhooks/") + file);
  for (std::size_t i = 0; i < body.size(); i += 5) {
    for (const char replacement : {'"', '}', ':', '1', '\xff'}) {
      std::string mutated = body;
      mutated[i] = replacement;
      expect_handled(resource, mutated);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, EnvelopeRobustnessTest,
    ::testing::Values(std::pair{"issue", "issue_created.json"},
                      std::pair{"event_alert", "event_alert_triggered.json"},
                      std::pair{"error", "error_created.json"},
                      std::pair{"seer", "seer_root_cause_completed.json"}));

}  // namespace
}  // namespace autofixd::intake
