#include "ops/metrics.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace autofixd::ops {
namespace {

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char out[64];
  if (std::floor(v) == v && std::fabs(v) < 1e15) {
    std::snprintf(out, sizeof out, "%.0f", v);
  } else {
    // The shortest of 15 or 17 digits that reads back as the same value.
    std::snprintf(out, sizeof out, "%.15g", v);
    if (std::strtod(out, nullptr) != v) std::snprintf(out, sizeof out, "%.17g", v);
  }
  return out;
}

void describe(std::string& out, std::set<std::string>& described, const std::string& name,
              const std::string& type, const std::string& help) {
  if (!described.insert(name).second) return;
  out += "# HELP " + name + " " + help + "\n";
  out += "# TYPE " + name + " " + type + "\n";
}

std::string with(const std::string& labels, const std::string& more) {
  if (labels.empty()) return "{" + more + "}";
  return "{" + labels + "," + more + "}";
}

}  // namespace

std::string label_value(const std::string& value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string render_prometheus(const std::vector<Sample>& samples,
                              const std::vector<HistogramSample>& histograms) {
  std::string out;
  std::set<std::string> described;
  for (const auto& s : samples) {
    describe(out, described, s.name, s.type, s.help);
    out += s.name;
    if (!s.labels.empty()) out += "{" + s.labels + "}";
    out += " " + number(s.value) + "\n";
  }
  for (const auto& h : histograms) {
    describe(out, described, h.name, "histogram", h.help);
    const auto cumulative = h.histogram.cumulative();
    const auto& bounds = h.histogram.bounds();
    for (std::size_t i = 0; i < cumulative.size(); ++i) {
      const std::string le = i < bounds.size() ? number(bounds[i]) : "+Inf";
      out += h.name + "_bucket" + with(h.labels, "le=\"" + le + "\"") + " " +
             number(static_cast<double>(cumulative[i])) + "\n";
    }
    const std::string labels = h.labels.empty() ? "" : "{" + h.labels + "}";
    out += h.name + "_sum" + labels + " " + number(h.histogram.sum()) + "\n";
    out += h.name + "_count" + labels + " " + number(static_cast<double>(h.histogram.count())) +
           "\n";
  }
  return out;
}

}  // namespace autofixd::ops
