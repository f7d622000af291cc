#include <nlohmann/json.hpp>

#include "rules/evaluate.hpp"
#include "util/time_format.hpp"

namespace autofixd::rules {
namespace {

using Json = nlohmann::json;

// Unknown facts are null rather than "" or 0, so a stored decision shows
// what was known when it was made.
Json text_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

template <typename T>
Json value_or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

// Sentry's own text (titles) may hold anything; never let a bad byte turn a
// decision record into an exception.
std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json rejection_json(const Rejection& r) {
  return Json{{"rule", r.rule},
              {"filter", r.filter},
              {"reason", r.reason},
              {"detail", r.detail},
              {"can_change", r.can_change}};
}

}  // namespace

std::string facts_to_json(const Facts& facts) {
  // The issue id is a string, as Sentry writes it.
  Json j{{"issue_id", facts.issue.str()},
         {"project", text_or_null(facts.project)},
         {"level", text_or_null(facts.level)},
         {"status", text_or_null(facts.status)},
         {"events", value_or_null(facts.events)},
         {"users", value_or_null(facts.users)},
         {"fixability", value_or_null(facts.fixability)},
         {"title", text_or_null(facts.title)},
         {"priority", text_or_null(facts.priority)},
         {"category", text_or_null(facts.category)},
         {"substatus", text_or_null(facts.substatus)},
         {"culprit", value_or_null(facts.culprit)},
         {"first_seen", facts.first_seen ? Json(format_utc(*facts.first_seen)) : Json(nullptr)},
         {"unhandled", value_or_null(facts.unhandled)},
         {"short_id", text_or_null(facts.short_id)},
         {"web_url", text_or_null(facts.web_url)}};
  if (!facts.in_environments.empty()) {
    Json environments = Json::object();
    for (const auto& [key, counts] : facts.in_environments) {
      environments[key] = Json{{"events_30d", value_or_null(counts.events_30d)},
                               {"users", value_or_null(counts.users)}};
    }
    j["environments"] = std::move(environments);
  }
  if (facts.seer_last_triggered) j["seer_last_triggered"] = format_utc(*facts.seer_last_triggered);
  if (const auto& run = facts.latest_seer_run) {
    j["latest_seer_run"] = Json{{"run_id", run->id.value},
                                {"processing", run->processing},
                                {"at", run->at ? Json(format_utc(*run->at)) : Json(nullptr)},
                                {"ours", run->ours}};
  }
  if (!facts.seer_setup_problem.empty()) {
    j["seer_setup"] = Json{{"problem", facts.seer_setup_problem},
                           {"detail", facts.seer_setup_detail}};
  }
  return dump(j);
}

Facts facts_from_json(std::string_view text) {
  Facts facts;
  const Json j = Json::parse(text, nullptr, false);
  if (!j.is_object()) return facts;
  auto text_of = [&](const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  facts.project = text_of("project");
  facts.level = text_of("level");
  facts.status = text_of("status");
  facts.title = text_of("title");
  facts.priority = text_of("priority");
  facts.category = text_of("category");
  facts.substatus = text_of("substatus");
  facts.short_id = text_of("short_id");
  facts.web_url = text_of("web_url");
  if (const auto it = j.find("events"); it != j.end() && it->is_number_integer())
    facts.events = it->get<std::int64_t>();
  if (const auto it = j.find("users"); it != j.end() && it->is_number_integer())
    facts.users = it->get<std::int64_t>();
  if (const auto it = j.find("fixability"); it != j.end() && it->is_number())
    facts.fixability = it->get<double>();
  if (const auto it = j.find("culprit"); it != j.end() && it->is_string())
    facts.culprit = it->get<std::string>();
  if (const auto it = j.find("unhandled"); it != j.end() && it->is_boolean())
    facts.unhandled = it->get<bool>();
  if (auto first_seen = text_of("first_seen"); !first_seen.empty())
    facts.first_seen = parse_utc(first_seen);
  if (const auto it = j.find("environments"); it != j.end() && it->is_object()) {
    for (const auto& [key, counts] : it->items()) {
      if (!counts.is_object()) continue;
      EnvironmentCounts& c = facts.in_environments[key];
      if (const auto e = counts.find("events_30d"); e != counts.end() && e->is_number_integer())
        c.events_30d = e->get<std::int64_t>();
      if (const auto u = counts.find("users"); u != counts.end() && u->is_number_integer())
        c.users = u->get<std::int64_t>();
    }
  }
  return facts;
}

std::string decision_to_json(const Decision& decision) {
  Json rejections = Json::array();
  for (const Rejection& r : decision.rejections) rejections.push_back(rejection_json(r));
  Json j{{"outcome", to_string(decision.outcome)},
         {"rule", text_or_null(decision.rule)},
         {"reason", decision.reason},
         {"detail", decision.detail},
         {"rejections", std::move(rejections)}};
  // Stopping point and instruction come from the deciding rule; without one
  // they would be defaults that mean nothing.
  if (!decision.rule.empty()) {
    j["stopping_point"] = config::to_string(decision.stopping_point);
    j["instruction"] = decision.instruction;
  }
  return dump(j);
}

}  // namespace autofixd::rules
