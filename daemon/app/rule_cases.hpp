#pragma once
// `autofixd check-rules`: offline rule tests. A case is one JSON file:
//   {"resource": "issue", "payload": {webhook body}, "issue": {issue details},
//    "environments": {"production": {"events_30d": 3, "users": 1}},
//    "history": {"active_run": false, "last_run_started": "2025-01-01T00:00:00Z",
//                "runs_last_24h": {"rule": 3}, "runs_last_hour": {"rule": 1},
//                "budget": {"runs_last_hour": 40, "runs_last_24h": 300,
//                           "active_runs": 5, "paused": "paused by ops"},
//                "now": "2025-01-02T00:00:00Z"},
//    "expect": {"decision": "start", "rule": "backend-errors", "reason": "matched"}}
// "issue", "environments", "history" (and each of its keys), expect.rule and expect.reason
// are optional; "description" is allowed and ignored. Pure: no store, no
// network, no clock (the caller passes the default evaluation time).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "rules/evaluate.hpp"
#include "util/result.hpp"

namespace autofixd::app {

struct RuleCaseExpectation {
  std::string decision;               // outcome name: "start", "skip", "watch", ...
  std::optional<std::string> rule;    // "" (JSON null) expects no deciding rule
  std::optional<std::string> reason;  // reason code
};

struct RuleCase {
  std::string name;
  rules::Facts facts;  // the payload's facts, the issue details merged over them
  rules::History history;
  std::optional<SysTime> now;  // history.now: the evaluation clock
  RuleCaseExpectation expect;
};

// Reads one case. Errors (code "check_rules.bad_case") name the field, e.g.
//   not valid JSON: [json.exception.parse_error.101] ...
//   expect.decision: missing
//   history.runs_last_24h.backend: expected a non-negative integer, got "x"
//   payload: data.issue.id: missing            (parse_envelope's words)
//   payload: issue.resolved is not evaluated by the rules ...
//   issue: field "count": expected ...          (parse_issue_json's words)
Result<RuleCase> parse_rule_case(std::string name, std::string_view text);

struct RuleCaseResult {
  std::string name;
  bool passed = false;
  RuleCaseExpectation expect;
  rules::Decision got;
};

// Evaluates the case with the real rule engine and budget arithmetic at its
// `now`, or at `default_now` when it has none, and compares with what it
// expects.
RuleCaseResult check_rule_case(const RuleCase& c, const std::vector<config::Rule>& rules,
                               SysTime default_now, const config::BudgetConfig& budget = {});

// "PASS name", or "FAIL name: expected decision=start rule=r, got
// decision=skip rule=r reason=cooldown (detail)". No trailing newline.
std::string result_line(const RuleCaseResult& result);
// {"case", "passed", "expected": {...}, "got": {"decision", "rule", "reason", "detail"}}
nlohmann::json result_json(const RuleCaseResult& result);

}  // namespace autofixd::app
