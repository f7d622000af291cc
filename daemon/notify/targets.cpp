#include "notify/targets.hpp"

#include <algorithm>

namespace autofixd::notify {
namespace {

bool covers(const std::vector<std::string>& projects, const std::string& project) {
  return projects.empty() || std::find(projects.begin(), projects.end(), project) != projects.end();
}

}  // namespace

std::string run_event_key(RunId run, OutcomeKind kind) {
  return "run:" + run.str() + ":" + std::string(to_string(kind));
}

std::string already_triggered_key(IssueId issue, std::int64_t seer_run_or_time) {
  return "issue:" + issue.str() + ":already_triggered:" + std::to_string(seer_run_or_time);
}

bool tracker_wants(const config::Tracker& tracker, const Outcome& outcome) {
  if (!outcome.run || !covers(tracker.sentry_projects, outcome.project)) return false;
  switch (outcome.kind) {
    case OutcomeKind::started:
      return !tracker.set_status.empty();
    case OutcomeKind::completed:
    case OutcomeKind::failed:
    case OutcomeKind::needs_input:
    case OutcomeKind::timed_out:
    case OutcomeKind::cancelled:
      return true;
    case OutcomeKind::refused:
    case OutcomeKind::skipped_already_triggered:
      return false;
  }
  return false;
}

bool notify_wants(const config::NotifyTarget& target, const Outcome& outcome) {
  if (target.outcomes.empty()) return true;
  const std::string_view name = to_string(outcome.kind);
  return std::find(target.outcomes.begin(), target.outcomes.end(), name) != target.outcomes.end();
}

std::vector<store::OutboxEntry> outbox_entries(const config::Config& config,
                                               const Outcome& outcome,
                                               const std::string& event_key) {
  std::vector<store::OutboxEntry> out;
  const bool any = std::any_of(config.trackers.begin(), config.trackers.end(),
                               [&](const auto& t) { return tracker_wants(t, outcome); }) ||
                   std::any_of(config.notify.begin(), config.notify.end(),
                               [&](const auto& n) { return notify_wants(n, outcome); });
  if (!any) return out;
  store::OutboxEntry base;
  base.event_key = !event_key.empty() ? event_key
                   : outcome.run      ? run_event_key(*outcome.run, outcome.kind)
                                      : "";
  base.outcome = std::string(to_string(outcome.kind));
  base.issue = outcome.issue;
  base.run = outcome.run;
  base.payload = to_json(outcome);
  auto add = [&](const std::string& target) {
    out.push_back(base);
    out.back().target = target;
  };
  for (const auto& tracker : config.trackers) {
    if (tracker_wants(tracker, outcome)) add(tracker.name);
  }
  for (const auto& target : config.notify) {
    if (notify_wants(target, outcome)) add(target.name);
  }
  return out;
}

}  // namespace autofixd::notify
