#include "ops/metrics.hpp"

#include <gtest/gtest.h>

namespace autofixd::ops {
namespace {

TEST(RenderPrometheus, DescribesEachMetricOnceAndLabelsSamples) {
  const auto text = render_prometheus({
      {"autofixd_runs", "gauge", "Runs by state", R"(state="running")", 3},
      {"autofixd_runs", "gauge", "Runs by state", R"(state="failed")", 1},
      {"autofixd_polls_total", "counter", "Polls", "", 12345678},
  });
  EXPECT_EQ(text,
            "# HELP autofixd_runs Runs by state\n"
            "# TYPE autofixd_runs gauge\n"
            "autofixd_runs{state=\"running\"} 3\n"
            "autofixd_runs{state=\"failed\"} 1\n"
            "# HELP autofixd_polls_total Polls\n"
            "# TYPE autofixd_polls_total counter\n"
            "autofixd_polls_total 12345678\n");
}

TEST(RenderPrometheus, KeepsFractions) {
  EXPECT_NE(render_prometheus({{"x", "gauge", "h", "", 0.25}}).find("x 0.25\n"), std::string::npos);
}

}  // namespace
}  // namespace autofixd::ops
