#pragma once
// A small parser of the Prometheus text format (0.0.4), for tests of
// /metrics: problems(text) lists what is malformed: a sample before its
// TYPE, a family without HELP, a counter not named *_total, a series
// written twice, histogram buckets that are not cumulative or do not end
// in +Inf. Shared by the unit and integration tests.

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace autofixd::testing::exposition {

struct Family {
  std::string type;
  bool help = false;
};

// Returns the problems found in `text`; empty when it is well formed.
inline std::vector<std::string> problems(const std::string& text) {
  std::vector<std::string> out;
  std::map<std::string, Family> families;
  std::set<std::string> series;
  std::map<std::string, std::vector<std::pair<std::string, double>>> buckets;  // by series sans le
  std::map<std::string, double> counts;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0) {
      families[line.substr(7, line.find(' ', 7) - 7)].help = true;
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream words(line.substr(7));
      std::string name, type;
      words >> name >> type;
      if (!families[name].type.empty()) out.push_back("TYPE twice for " + name);
      families[name].type = type;
      if (type == "counter" && !name.ends_with("_total")) out.push_back(name + ": counter without _total");
      continue;
    }
    const auto brace = line.find('{');
    const auto space = line.rfind(' ');
    const std::string name = line.substr(0, std::min(brace, space));
    const std::string labels = brace == std::string::npos ? "" : line.substr(brace, line.find('}') - brace + 1);
    const double value = std::stod(line.substr(space + 1) == "+Inf" ? "inf" : line.substr(space + 1));
    if (!series.insert(name + labels).second) out.push_back("duplicate series " + name + labels);
    std::string family = name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string base = name.substr(0, name.size() - std::string(suffix).size());
      if (name.ends_with(suffix) && families.contains(base) && families[base].type == "histogram") {
        family = base;
      }
    }
    if (!families.contains(family) || families[family].type.empty()) {
      out.push_back(name + ": sample before its TYPE");
      continue;
    }
    if (!families[family].help) out.push_back(family + ": no HELP");
    if (families[family].type != "histogram") continue;
    if (name.ends_with("_bucket")) {
      const auto le = labels.find("le=\"");
      if (le == std::string::npos) {
        out.push_back(name + labels + ": bucket without le");
        continue;
      }
      const auto end = labels.find('"', le + 4);
      std::string rest = labels.substr(0, le) + labels.substr(end + 1);
      buckets[family + rest].push_back({labels.substr(le + 4, end - le - 4), value});
    } else if (name.ends_with("_count")) {
      counts[family + (labels.empty() ? "{}" : labels)] = value;
    }
  }
  for (const auto& [key, list] : buckets) {
    double last = -1;
    for (const auto& [le, v] : list) {
      if (v < last) out.push_back(key + ": buckets not cumulative at le=" + le);
      last = v;
    }
    if (list.empty() || list.back().first != "+Inf") out.push_back(key + ": no +Inf bucket");
  }
  return out;
}

}  // namespace autofixd::testing::exposition
