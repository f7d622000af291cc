// Names with fixed spellings in the config file: stopping points and fixability.
#include <algorithm>
#include <array>
#include <utility>

#include "config/config.hpp"

namespace autofixd::config {
namespace {

constexpr std::array<std::pair<StoppingPoint, std::string_view>, 4> kStoppingPoints{{
    {StoppingPoint::root_cause, "root_cause"},
    {StoppingPoint::solution, "solution"},
    {StoppingPoint::code_changes, "code_changes"},
    {StoppingPoint::open_pr, "open_pr"},
}};

// Sentry's own fixability buckets, so rules read like Sentry's UI.
constexpr std::array<std::pair<std::string_view, double>, 5> kFixability{{
    {"super_low", 0.0},
    {"low", 0.25},
    {"medium", 0.40},
    {"high", 0.66},
    {"super_high", 0.76},
}};

}  // namespace

std::string_view to_string(StoppingPoint p) {
  for (const auto& [point, name] : kStoppingPoints) {
    if (point == p) return name;
  }
  return "root_cause";
}

std::optional<StoppingPoint> parse_stopping_point(std::string_view text) {
  for (const auto& [point, name] : kStoppingPoints) {
    if (name == text) return point;
  }
  return std::nullopt;
}

std::optional<double> named_fixability(std::string_view name) {
  for (const auto& [known, value] : kFixability) {
    if (known == name) return value;
  }
  return std::nullopt;
}

const Rule* Config::find_rule(std::string_view name) const {
  for (const Rule& rule : rules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

Millis Config::row_retention_in_effect() const {
  if (store.row_retention == Millis::zero()) return store.row_retention;
  Millis needed = kDefaultTriggeredWindow;
  for (const Rule& rule : rules) needed = std::max(needed, triggered_window(&rule));
  return std::max(store.row_retention, needed);
}

}  // namespace autofixd::config
