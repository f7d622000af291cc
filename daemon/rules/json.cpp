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
