#pragma once
// What the rules know about an issue and its history. Built by the processor
// from the webhook, fresh issue details and the store; consumed by evaluate().

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "util/clock.hpp"
#include "util/ids.hpp"

namespace autofixd::rules {

struct Facts {
  IssueId issue;
  std::string project;  // project slug; empty when unknown
  std::string level;    // empty when unknown
  std::string status;   // "unresolved" | "resolved" | "ignored"; empty = unknown (treated as unresolved)
  std::optional<std::int64_t> events;
  std::optional<std::int64_t> users;
  std::optional<double> fixability;
  std::string title;
  std::string short_id;
  std::string web_url;
};

struct History {
  bool active_run = false;                     // a run in pending/starting/running
  std::optional<SysTime> last_run_started;     // most recent run start for this issue, any outcome
  std::map<std::string, std::int64_t> runs_last_24h;  // by rule name
};

}  // namespace autofixd::rules
