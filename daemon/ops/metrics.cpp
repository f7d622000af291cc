#include "ops/metrics.hpp"

#include <cmath>
#include <cstdio>
#include <set>

namespace autofixd::ops {

std::string render_prometheus(const std::vector<Sample>& samples) {
  std::string out;
  std::set<std::string> described;
  for (const auto& s : samples) {
    if (described.insert(s.name).second) {
      out += "# HELP " + s.name + " " + s.help + "\n";
      out += "# TYPE " + s.name + " " + s.type + "\n";
    }
    out += s.name;
    if (!s.labels.empty()) out += "{" + s.labels + "}";
    char value[64];
    if (std::floor(s.value) == s.value && std::fabs(s.value) < 1e15) {
      std::snprintf(value, sizeof value, " %.0f\n", s.value);
    } else {
      std::snprintf(value, sizeof value, " %g\n", s.value);
    }
    out += value;
  }
  return out;
}

}  // namespace autofixd::ops
