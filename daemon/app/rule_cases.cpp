#include "app/rule_cases.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <map>

#include "intake/envelope.hpp"
#include "intake/facts_from_issue.hpp"
#include "sentry/issue_json.hpp"
#include "util/time_format.hpp"

namespace autofixd::app {
namespace {

using Json = nlohmann::json;

Error bad_case(const std::string& field, const std::string& what) {
  return make_error("check_rules.bad_case", field + ": " + what);
}

// A value as it appears in the file, short enough for one line.
std::string shown(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

// A misspelt key would silently test something else: refuse it.
Status known_keys(const Json& object, const std::string& where,
                  std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (std::string_view name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
    return bad_case(where.empty() ? key : where + "." + key,
                    "unknown key (expected one of " + list + ")");
  }
  return {};
}

Result<std::optional<SysTime>> optional_time(const Json& object, const std::string& key,
                                             const std::string& where) {
  if (!object.contains(key)) return std::optional<SysTime>{};
  const Json& value = object.at(key);
  if (value.is_string()) {
    if (auto t = parse_utc(value.get<std::string>())) return std::optional<SysTime>{*t};
  }
  return bad_case(
      where + "." + key,
      "expected an ISO 8601 time such as \"2025-09-23T20:41:10Z\", got " + shown(value));
}

Result<std::int64_t> count_value(const Json& value, const std::string& where) {
  if (!value.is_number_integer() || value.get<std::int64_t>() < 0) {
    return bad_case(where, "expected a non-negative integer, got " + shown(value));
  }
  return value.get<std::int64_t>();
}

// {"rule": runs} into the per-rule window `field` points at.
Status rule_counts(const Json& value, const std::string& where, rules::BudgetUsage& usage,
                   std::int64_t rules::WindowCounts::*field) {
  if (!value.is_object())
    return bad_case(where, "expected an object {\"rule\": runs}, got " + shown(value));
  for (const auto& [rule, runs] : value.items()) {
    auto n = count_value(runs, where + "." + rule);
    if (!n) return n.error();
    usage.by_rule[rule].*field = *n;
  }
  return {};
}

// "budget": what every rule together has spent, and the kill switch.
Status budget_counts(const Json& value, rules::BudgetUsage& usage) {
  const std::string where = "history.budget";
  if (!value.is_object()) return bad_case(where, "expected an object, got " + shown(value));
  if (auto s = known_keys(value, where, {"runs_last_hour", "runs_last_24h", "active_runs", "paused"});
      !s) {
    return s;
  }
  for (const auto& [key, field] : {std::pair{"runs_last_hour", &rules::WindowCounts::last_hour},
                                   std::pair{"runs_last_24h", &rules::WindowCounts::last_24h}}) {
    if (!value.contains(key)) continue;
    auto n = count_value(value.at(key), where + "." + key);
    if (!n) return n.error();
    usage.paid.*field = *n;
  }
  if (value.contains("active_runs")) {
    auto n = count_value(value.at("active_runs"), where + ".active_runs");
    if (!n) return n.error();
    usage.active_runs = *n;
  }
  if (value.contains("paused")) {
    const Json& paused = value.at("paused");
    if (!paused.is_string() || paused.get<std::string>().empty()) {
      return bad_case(where + ".paused",
                      "expected the reason automation is paused, e.g. \"paused by ops\", got " +
                          shown(paused));
    }
    usage.paused = paused.get<std::string>();
  }
  return {};
}

Result<rules::History> read_history(const Json& history) {
  if (!history.is_object()) return bad_case("history", "expected an object, got " + shown(history));
  if (auto s = known_keys(history, "history",
                          {"active_run", "last_run_started", "runs_last_24h", "runs_last_hour",
                           "budget", "now"});
      !s) {
    return s.error();
  }
  rules::History h;
  if (history.contains("active_run")) {
    const Json& active = history.at("active_run");
    if (!active.is_boolean()) {
      return bad_case("history.active_run", "expected true or false, got " + shown(active));
    }
    h.active_run = active.get<bool>();
  }
  auto started = optional_time(history, "last_run_started", "history");
  if (!started) return started.error();
  h.last_run_started = *started;
  for (const auto& [key, field] : {std::pair{"runs_last_24h", &rules::WindowCounts::last_24h},
                                   std::pair{"runs_last_hour", &rules::WindowCounts::last_hour}}) {
    if (!history.contains(key)) continue;
    if (auto s = rule_counts(history.at(key), std::string("history.") + key, h.usage, field); !s)
      return s.error();
  }
  if (history.contains("budget")) {
    if (auto s = budget_counts(history.at("budget"), h.usage); !s) return s.error();
  }
  return h;
}

Result<rules::Facts> payload_facts(const Json& root) {
  if (!root.contains("resource")) return bad_case("resource", "missing (e.g. \"issue\")");
  const Json& resource = root.at("resource");
  if (!resource.is_string())
    return bad_case("resource", "expected a string, got " + shown(resource));
  if (!root.contains("payload")) return bad_case("payload", "missing (the webhook body)");
  const Json& payload = root.at("payload");
  if (!payload.is_object()) return bad_case("payload", "expected an object, got " + shown(payload));
  const auto name = resource.get<std::string>();
  auto envelope = intake::parse_envelope(name, payload.dump());
  if (!envelope) return bad_case("payload", envelope.error().message);
  if (envelope->handling != intake::Handling::evaluate) {
    return bad_case("payload", name + "." + envelope->action +
                                   " is not evaluated by the rules (autofixd acknowledges and "
                                   "ignores it, or uses it to poll a run)");
  }
  return std::move(envelope->facts);
}

Result<rules::Facts> case_facts(const Json& root) {
  auto facts = payload_facts(root);
  if (!facts || !root.contains("issue")) return facts;
  const Json& issue = root.at("issue");
  if (!issue.is_object()) return bad_case("issue", "expected an object, got " + shown(issue));
  auto details = sentry::parse_issue_json(issue);
  // parse_issue_json names the field already: "issue: field \"count\": ...".
  if (!details) return make_error("check_rules.bad_case", details.error().message);
  if (details->id != facts->issue) {
    return bad_case("issue.id", "issue " + details->id.str() + " is not the payload's issue " +
                                    facts->issue.str());
  }
  return intake::merge_fresh(std::move(*facts), intake::facts_from_issue(*details));
}

// "environments": {"production": {"events_30d": 3, "users": 1}}: what
// Sentry says of the issue in a rule's environments (the key is the rule's
// environments, sorted, joined with ",").
Status read_environments(const Json& value, rules::Facts& facts) {
  if (!value.is_object()) {
    return bad_case("environments",
                    "expected an object {\"production\": {\"events_30d\": N, \"users\": N}}, "
                    "got " + shown(value));
  }
  for (const auto& [key, counts] : value.items()) {
    const std::string where = "environments." + key;
    if (!counts.is_object()) return bad_case(where, "expected an object, got " + shown(counts));
    if (auto s = known_keys(counts, where, {"events_30d", "users"}); !s) return s;
    rules::EnvironmentCounts in;
    for (const auto& [name, field] :
         {std::pair{"events_30d", &rules::EnvironmentCounts::events_30d},
          std::pair{"users", &rules::EnvironmentCounts::users}}) {
      if (!counts.contains(name)) continue;
      auto n = count_value(counts.at(name), where + "." + name);
      if (!n) return n.error();
      in.*field = *n;
    }
    facts.in_environments[key] = in;
  }
  return {};
}

Result<RuleCaseExpectation> read_expect(const Json& root) {
  if (!root.contains("expect"))
    return bad_case("expect", "missing (e.g. {\"decision\": \"start\"})");
  const Json& expect = root.at("expect");
  if (!expect.is_object()) return bad_case("expect", "expected an object, got " + shown(expect));
  if (auto s = known_keys(expect, "expect", {"decision", "rule", "reason"}); !s) return s.error();
  RuleCaseExpectation out;
  if (!expect.contains("decision"))
    return bad_case("expect.decision", "missing (start, skip, watch or queued)");
  const Json& decision = expect.at("decision");
  constexpr std::array<std::string_view, 4> kOutcomes{"start", "skip", "watch", "queued"};
  if (!decision.is_string() || std::find(kOutcomes.begin(), kOutcomes.end(),
                                         decision.get<std::string>()) == kOutcomes.end()) {
    return bad_case("expect.decision",
                    "expected start, skip, watch or queued, got " + shown(decision));
  }
  out.decision = decision.get<std::string>();
  if (expect.contains("rule")) {
    const Json& rule = expect.at("rule");
    if (!rule.is_string() && !rule.is_null()) {
      return bad_case("expect.rule", "expected a rule name or null, got " + shown(rule));
    }
    out.rule = rule.is_null() ? std::string() : rule.get<std::string>();
  }
  if (expect.contains("reason")) {
    const Json& reason = expect.at("reason");
    if (!reason.is_string())
      return bad_case("expect.reason", "expected a string, got " + shown(reason));
    out.reason = reason.get<std::string>();
  }
  return out;
}

std::string rule_shown(const std::string& rule) { return rule.empty() ? "none" : rule; }

std::string expected_text(const RuleCaseExpectation& e) {
  std::string text = "decision=" + e.decision;
  if (e.rule) text += " rule=" + rule_shown(*e.rule);
  if (e.reason) text += " reason=" + *e.reason;
  return text;
}

Json expected_json(const RuleCaseExpectation& e) {
  Json j{{"decision", e.decision}};
  if (e.rule) j["rule"] = e.rule->empty() ? Json(nullptr) : Json(*e.rule);
  if (e.reason) j["reason"] = *e.reason;
  return j;
}

}  // namespace

Result<RuleCase> parse_rule_case(std::string name, std::string_view text) {
  Json root;
  try {
    root = Json::parse(text);
  } catch (const Json::parse_error& e) {
    return make_error("check_rules.bad_case", std::string("not valid JSON: ") + e.what());
  }
  if (!root.is_object()) return bad_case("case", "expected a JSON object, got " + shown(root));
  if (auto s = known_keys(root, "",
                          {"description", "resource", "payload", "issue", "environments",
                           "history", "expect"});
      !s) {
    return s.error();
  }
  RuleCase c;
  c.name = std::move(name);
  auto facts = case_facts(root);
  if (!facts) return facts.error();
  c.facts = std::move(*facts);
  if (root.contains("environments")) {
    if (auto s = read_environments(root.at("environments"), c.facts); !s) return s.error();
  }
  if (root.contains("history")) {
    auto history = read_history(root.at("history"));
    if (!history) return history.error();
    c.history = std::move(*history);
    auto now = optional_time(root.at("history"), "now", "history");
    if (!now) return now.error();
    c.now = *now;
  }
  auto expect = read_expect(root);
  if (!expect) return expect.error();
  c.expect = std::move(*expect);
  return c;
}

RuleCaseResult check_rule_case(const RuleCase& c, const std::vector<config::Rule>& rules,
                               SysTime default_now, const config::BudgetConfig& budget) {
  RuleCaseResult r;
  r.name = c.name;
  r.expect = c.expect;
  r.got = rules::evaluate(rules, c.facts, c.history, c.now.value_or(default_now), budget);
  r.passed = c.expect.decision == rules::to_string(r.got.outcome) &&
             (!c.expect.rule || *c.expect.rule == r.got.rule) &&
             (!c.expect.reason || *c.expect.reason == r.got.reason);
  return r;
}

std::string result_line(const RuleCaseResult& r) {
  if (r.passed) return "PASS " + r.name;
  return "FAIL " + r.name + ": expected " + expected_text(r.expect) +
         ", got decision=" + std::string(rules::to_string(r.got.outcome)) +
         " rule=" + rule_shown(r.got.rule) + " reason=" + r.got.reason + " (" + r.got.detail + ")";
}

Json result_json(const RuleCaseResult& r) {
  return {{"case", r.name},
          {"passed", r.passed},
          {"expected", expected_json(r.expect)},
          {"got",
           {{"decision", rules::to_string(r.got.outcome)},
            {"rule", r.got.rule.empty() ? Json(nullptr) : Json(r.got.rule)},
            {"reason", r.got.reason},
            {"detail", r.got.detail}}}};
}

}  // namespace autofixd::app
