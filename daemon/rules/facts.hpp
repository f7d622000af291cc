#pragma once
// What the rules know about an issue and its history. Built by the processor
// from the webhook, fresh issue details and the store; consumed by evaluate().

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "util/clock.hpp"
#include "util/ids.hpp"

namespace autofixd::rules {

// An issue's counts in some environments only: Sentry scopes userCount to
// them, and events are those of the last 30 days (the issue's stats), as no
// all-time count per environment exists (docs/sentry.md "Environments").
struct EnvironmentCounts {
  std::optional<std::int64_t> events_30d;
  std::optional<std::int64_t> users;
  bool operator==(const EnvironmentCounts&) const = default;
};

// The key of a rule's (sorted, unique) environments in Facts::in_environments.
inline std::string environments_key(const std::vector<std::string>& environments) {
  std::string key;
  for (const std::string& name : environments) key += (key.empty() ? "" : ",") + name;
  return key;
}

struct Facts {
  IssueId issue;
  std::string project;  // project slug; empty when unknown
  std::string level;    // empty when unknown
  std::string status;   // "unresolved" | "resolved" | "ignored"; empty = unknown (treated as unresolved)
  std::optional<std::int64_t> events;
  std::optional<std::int64_t> users;
  std::optional<double> fixability;
  std::string title;
  // Targeting facts (sentry-api.md §8); empty / nullopt when unknown.
  std::string priority;   // "high" | "medium" | "low"
  std::string category;   // issueCategory: "error", "performance" ...
  std::string substatus;  // "new", "ongoing", "regressed", "escalating" ...
  // The culprit; nullopt when unknown. Issue details always say, and an
  // empty culprit is a fact then (a pattern may still match or miss it).
  std::optional<std::string> culprit;
  std::optional<SysTime> first_seen;
  std::optional<bool> unhandled;  // isUnhandled
  std::string short_id;
  std::string web_url;
  // Counts per environment set a rule names (key: environments_key).
  std::map<std::string, EnvironmentCounts> in_environments;

  // What Sentry says about Seer on this issue, read before a start
  // (docs/sentry.md "Existing runs"); unknown until then.
  std::optional<SysTime> seer_last_triggered;  // last-triggered fields of the issue
  struct SeerRun {
    SentryRunId id;
    std::string uuid;
    bool processing = false;       // not finished (processing, loading, waiting for input)
    std::optional<SysTime> at;     // last updated / triggered, when Sentry said
    bool ours = false;             // one of autofixd's own runs
    bool operator==(const SeerRun&) const = default;
  };
  std::optional<SeerRun> latest_seer_run;  // GET autofix: the issue's latest run
  // GET .../autofix/setup/ (cached per project): why no run could start.
  // Empty when Seer is ready or the preflight was not read; else one of
  // "seer_not_enabled", "no_seer_quota", "no_repository".
  std::string seer_setup_problem;
  std::string seer_setup_detail;

  bool operator==(const Facts&) const = default;
};

// What the budgets have spent, in rolling windows ending now.
struct WindowCounts {
  std::int64_t last_hour = 0;
  std::int64_t last_24h = 0;
};

struct BudgetUsage {
  WindowCounts paid;      // runs autofixd paid for (started, continued), every rule
  WindowCounts would_be;  // observe / dry-run decisions that would have started, every rule
  // Per rule: its paid runs and its would-be starts together.
  std::map<std::string, WindowCounts> by_rule;
  std::int64_t active_runs = 0;  // paid runs not finished yet
  // Set by the caller when this daemon observes or has no token: would-be
  // starts then count against [budget] as if they had started.
  bool simulated = false;
  std::string paused;  // why automation is paused (`autofixd pause`); empty = not paused
};

struct History {
  bool active_run = false;                     // a run in pending/starting/running/needs_input
  std::optional<SysTime> last_run_started;     // most recent run start for this issue, any outcome
  BudgetUsage usage;  // the same for every issue at one moment
  // The issue's newest run of ours that reached Seer, for continuing it to
  // a later stopping point instead of paying for a new run.
  struct OurSeerRun {
    RunId run;
    SentryRunId sentry_run;
    std::string sentry_run_uuid;
    config::StoppingPoint stopping_point = config::StoppingPoint::root_cause;
    bool completed = false;  // ended `completed` (at its stopping point)
  };
  std::optional<OurSeerRun> last_seer_run;
  // The last time any run of ours was active in Seer: Sentry's
  // last-triggered time up to this (plus clock skew) is explained by us.
  std::optional<SysTime> our_seer_activity;
};

}  // namespace autofixd::rules
