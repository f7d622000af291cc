#pragma once
// Small builders for rules tests: a rule with no filters, facts of a typical
// unresolved issue, and a fixed "now".

#include <chrono>
#include <string>

#include "config/config.hpp"
#include "rules/evaluate.hpp"

namespace autofixd::rules::testing {

inline const SysTime kNow = SysTime{} + std::chrono::seconds{1'800'000'000};

inline config::Rule rule(std::string name) {
  config::Rule r;
  r.name = std::move(name);
  r.stopping_point = config::StoppingPoint::open_pr;
  r.instruction = "Prefer minimal fixes.";
  return r;
}

inline config::Rule with_fixability(config::Rule r, double value, std::string text) {
  r.min_fixability = value;
  r.min_fixability_text = std::move(text);
  return r;
}

inline Facts facts() {
  Facts f;
  f.issue = IssueId{1170820242};
  f.project = "backend";
  f.level = "error";
  f.status = "unresolved";
  f.events = 25;
  f.users = 3;
  f.fixability = 0.70;
  f.title = "TypeError";
  return f;
}

}  // namespace autofixd::rules::testing
