// A small parser of the Prometheus text format checks what
// render_prometheus writes: every family is described (TYPE before its
// samples), names follow conventions, histogram buckets are cumulative and
// end in +Inf with _sum and _count, and no series appears twice.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ops/metrics.hpp"
#include "unit/ops/exposition_check.hpp"

namespace autofixd::ops {
namespace {

using testing::exposition::problems;

TEST(ExpositionTest, ParserCatchesMalformedText) {
  EXPECT_FALSE(problems("x_total 1\n").empty());  // no TYPE
  EXPECT_FALSE(problems("# HELP x h\n# TYPE x counter\nx 1\n").empty());  // no _total
  EXPECT_FALSE(problems("# HELP x_total h\n# TYPE x_total counter\nx_total 1\nx_total 2\n").empty());
  EXPECT_FALSE(problems("# HELP h_seconds h\n# TYPE h_seconds histogram\n"
                        "h_seconds_bucket{le=\"1\"} 3\nh_seconds_bucket{le=\"+Inf\"} 2\n")
                   .empty());
  EXPECT_FALSE(problems("# HELP h_seconds h\n# TYPE h_seconds histogram\n"
                        "h_seconds_bucket{le=\"1\"} 3\n")
                   .empty());
}

TEST(ExpositionTest, RenderedSamplesAndHistogramsAreWellFormed) {
  Histogram fast = Histogram::latency();
  fast.observe(0.003);
  fast.observe(0.2);
  fast.observe(45);
  Histogram empty = Histogram::latency();
  const std::string text = render_prometheus(
      {{"autofixd_runs", "gauge", "Runs by state", R"(state="running")", 3},
       {"autofixd_runs", "gauge", "Runs by state", R"(state="failed")", 1},
       {"autofixd_polls_total", "counter", "Polls", "", 7}},
      {{"autofixd_sentry_request_seconds", "Sentry request latency", R"(endpoint="autofix_get")", fast},
       {"autofixd_sentry_request_seconds", "Sentry request latency", R"(endpoint="setup")", empty},
       {"autofixd_webhook_intake_seconds", "Intake latency", "", fast}});
  EXPECT_EQ(problems(text), std::vector<std::string>{}) << text;
  EXPECT_NE(text.find("autofixd_sentry_request_seconds_bucket{endpoint=\"autofix_get\",le=\"0.005\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("autofixd_sentry_request_seconds_bucket{endpoint=\"autofix_get\",le=\"0.25\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("autofixd_sentry_request_seconds_bucket{endpoint=\"autofix_get\",le=\"+Inf\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("autofixd_sentry_request_seconds_count{endpoint=\"autofix_get\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("autofixd_webhook_intake_seconds_sum 45.203\n"), std::string::npos) << text;
  EXPECT_NE(text.find("autofixd_webhook_intake_seconds_bucket{le=\"0.1\"} 1\n"), std::string::npos);
}

TEST(ExpositionTest, LabelValuesAreEscaped) {
  EXPECT_EQ(label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace autofixd::ops
