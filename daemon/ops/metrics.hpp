#pragma once
// Prometheus text exposition (format 0.0.4) of a list of samples and
// histograms. Pure.

#include <string>
#include <vector>

#include "util/histogram.hpp"

namespace autofixd::ops {

struct Sample {
  std::string name;    // e.g. "autofixd_webhooks_total"
  std::string type;    // "counter" | "gauge"
  std::string help;
  std::string labels;  // preformatted, e.g. R"(state="running")", or empty
  double value = 0;
};

// One labelled series of a histogram family: rendered as name_bucket{le=...}
// (cumulative, ending in +Inf), name_sum and name_count.
struct HistogramSample {
  std::string name;  // e.g. "autofixd_webhook_intake_seconds"
  std::string help;
  std::string labels;  // preformatted, or empty
  Histogram histogram;
};

// Samples of one name should be adjacent (HELP and TYPE are written before
// the first one). Histograms follow the samples.
std::string render_prometheus(const std::vector<Sample>& samples,
                              const std::vector<HistogramSample>& histograms = {});

// A label value escaped for the exposition format (backslash, quote, newline).
std::string label_value(const std::string& value);

}  // namespace autofixd::ops
