// How the run went, for a reader deciding what to do next: the next stage
// and how to get it, how long the run took, and what made the rule start it.

#include <cmath>
#include <cstdio>
#include <vector>

#include "report/markdown.hpp"
#include "report/sections.hpp"
#include "util/human_format.hpp"

namespace autofixd::report::sections {
namespace {

namespace md = markdown;
using config::StoppingPoint;

// What each stage yields, as a reader names it.
std::string_view stage_name(StoppingPoint stage) {
  switch (stage) {
    case StoppingPoint::root_cause:
      return "the root cause";
    case StoppingPoint::solution:
      return "a proposed solution";
    case StoppingPoint::code_changes:
      return "code changes";
    case StoppingPoint::open_pr:
      return "a pull request";
  }
  return "the next stage";
}

// The stages after `stage`, as stopping_point values a rule may name.
std::string later_stopping_points(StoppingPoint stage) {
  std::string out;
  for (const StoppingPoint later :
       {StoppingPoint::solution, StoppingPoint::code_changes, StoppingPoint::open_pr}) {
    if (later <= stage) continue;
    out += (out.empty() ? "" : ", ") + md::code_span(config::to_string(later));
  }
  return out;
}

// The furthest stage Seer's state shows a result for; nullopt before any.
std::optional<StoppingPoint> reached(const sentry::AutofixState* state) {
  if (state == nullptr) return std::nullopt;
  if (!state->pull_requests.empty()) return StoppingPoint::open_pr;
  if (!state->changes.empty()) return StoppingPoint::code_changes;
  if (!state->solution.empty()) return StoppingPoint::solution;
  if (!state->root_cause.empty()) return StoppingPoint::root_cause;
  return std::nullopt;
}

std::string rule_name(const RunSummary& summary) {
  return md::code_span(md::truncate(summary.rule, 200));
}

std::string fixability(double score) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", score);
  return buffer;
}

}  // namespace

std::string next_step(const RunSummary& summary, const sentry::AutofixState* state) {
  if (summary.final_state != "completed") return {};
  const StoppingPoint goal = summary.stopping_point;
  const auto got = reached(state);
  if (got && *got < goal) {
    // The pipeline stopped short of the goal (step_grace): no rule of ours
    // will ask again for this stage.
    return "**Next step:** Seer stopped after " + std::string(stage_name(*got)) + ", before " +
           std::string(stage_name(goal)) + ", where rule " + rule_name(summary) + " stops (" +
           md::code_span("stopping_point = \"" + std::string(config::to_string(goal)) + "\"") +
           "). To go on, continue this run in Sentry's Autofix panel.\n\n";
  }
  if (!got || goal == StoppingPoint::open_pr) return {};
  const auto next = static_cast<StoppingPoint>(static_cast<int>(goal) + 1);
  return "**Next step:** Seer stopped at " + std::string(stage_name(goal)) + ", as rule " +
         rule_name(summary) + " asks (" +
         md::code_span("stopping_point = \"" + std::string(config::to_string(goal)) + "\"") +
         "). The next stage is " + std::string(stage_name(next)) +
         ". To get it, continue this run in Sentry's Autofix panel, or give a rule that matches "
         "this issue "
         "a later stopping point (" +
         later_stopping_points(goal) +
         "): autofixd then continues this same Seer run instead of starting a new one, and posts "
         "the next "
         "stage in a comment of its own.\n\n";
}

std::string run_line(const RunSummary& summary) {
  std::string out;
  if (summary.duration) out += "Took " + format_duration_words(*summary.duration) + ". ";
  out += "Started by rule " + rule_name(summary);
  // The facts as the rule saw them when it decided (they change later).
  if (const auto& t = summary.trigger) {
    std::vector<std::string> counts;
    const std::string where = t->environments.empty() ? "" : " in the last 30 days";
    if (t->events)
      counts.push_back(format_count(*t->events) + (*t->events == 1 ? " event" : " events") + where);
    if (t->users) counts.push_back(format_count(*t->users) + (*t->users == 1 ? " user" : " users"));
    out += ", which saw ";
    if (counts.empty()) out += "no event or user counts";
    for (std::size_t i = 0; i < counts.size(); ++i) out += (i == 0 ? "" : " and ") + counts[i];
    if (!t->environments.empty()) out += " in " + md::code_span(md::truncate(t->environments, 200));
    out += t->fixability && std::isfinite(*t->fixability)
               ? ", with a fixability score of " + fixability(*t->fixability)
               : std::string(", with no fixability score yet");
  }
  return "**Run:** " + out + ".\n\n";
}

}  // namespace autofixd::report::sections
