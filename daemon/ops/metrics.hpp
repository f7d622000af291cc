#pragma once
// Prometheus text exposition (format 0.0.4) of a list of samples. Pure.

#include <string>
#include <vector>

namespace autofixd::ops {

struct Sample {
  std::string name;    // e.g. "autofixd_webhooks_total"
  std::string type;    // "counter" | "gauge"
  std::string help;
  std::string labels;  // preformatted, e.g. R"(state="running")", or empty
  double value = 0;
};

std::string render_prometheus(const std::vector<Sample>& samples);

}  // namespace autofixd::ops
