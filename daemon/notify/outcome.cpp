#include "notify/outcome.hpp"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

namespace autofixd::notify {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<OutcomeKind, std::string_view>, 8> kNames{{
    {OutcomeKind::started, "started"},
    {OutcomeKind::completed, "completed"},
    {OutcomeKind::failed, "failed"},
    {OutcomeKind::needs_input, "needs_input"},
    {OutcomeKind::timed_out, "timed_out"},
    {OutcomeKind::cancelled, "cancelled"},
    {OutcomeKind::refused, "refused"},
    {OutcomeKind::skipped_already_triggered, "skipped_already_triggered"},
}};

Error bad(std::string_view field, std::string_view what) {
  return make_error("notify.bad_outcome",
                    "stored outcome: field \"" + std::string(field) + "\" " + std::string(what));
}

Result<std::string> text(const Json& j, std::string_view field) {
  const auto it = j.find(field);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) return bad(field, "is not a string");
  return it->get<std::string>();
}

Result<std::int64_t> integer(const Json& j, std::string_view field, std::int64_t fallback) {
  const auto it = j.find(field);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) return bad(field, "is not an integer");
  return it->get<std::int64_t>();
}

}  // namespace

std::string_view to_string(OutcomeKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<OutcomeKind> outcome_from_string(std::string_view text) {
  for (const auto& [k, name] : kNames) {
    if (name == text) return k;
  }
  return std::nullopt;
}

std::string to_json(const Outcome& o) {
  Json j = {
      {"kind", to_string(o.kind)},
      {"issue", o.issue.value},
      {"run", o.run ? Json(o.run->value) : Json(nullptr)},
      {"sentry_run", o.sentry_run ? Json(o.sentry_run->value) : Json(nullptr)},
      {"rule", o.rule},
      {"project", o.project},
      {"issue_short_id", o.issue_short_id},
      {"issue_title", o.issue_title},
      {"issue_url", o.issue_url},
      {"stopping_point", o.stopping_point},
      {"detail", o.detail},
      {"root_cause", o.root_cause},
      {"pr_urls", o.pr_urls},
      {"comment_body", o.comment_body},
      {"comment_marker", o.comment_marker},
      {"duration_seconds", o.duration_seconds},
      {"at_ms", to_unix_ms(o.at)},
  };
  // Sentry's text may hold invalid UTF-8; replace rather than throw.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Outcome> outcome_from_json(std::string_view json) {
  const Json j = Json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return make_error("notify.bad_outcome", "stored outcome is not a JSON object");
  }
  Outcome o;
  auto kind = text(j, "kind");
  if (!kind) return kind.error();
  if (kind->empty()) return bad("kind", "is missing");
  auto parsed_kind = outcome_from_string(*kind);
  if (!parsed_kind) return bad("kind", "is not an outcome name: \"" + *kind + "\"");
  o.kind = *parsed_kind;
  auto issue = integer(j, "issue", 0);
  if (!issue) return issue.error();
  if (*issue <= 0) return bad("issue", "is missing");
  o.issue = IssueId{*issue};
  auto run = integer(j, "run", 0);
  if (!run) return run.error();
  if (*run > 0) o.run = RunId{*run};
  auto sentry_run = integer(j, "sentry_run", 0);
  if (!sentry_run) return sentry_run.error();
  if (*sentry_run > 0) o.sentry_run = SentryRunId{*sentry_run};
  const std::pair<std::string_view, std::string*> fields[] = {
      {"rule", &o.rule},
      {"project", &o.project},
      {"issue_short_id", &o.issue_short_id},
      {"issue_title", &o.issue_title},
      {"issue_url", &o.issue_url},
      {"stopping_point", &o.stopping_point},
      {"detail", &o.detail},
      {"root_cause", &o.root_cause},
      {"comment_body", &o.comment_body},
      {"comment_marker", &o.comment_marker},
  };
  for (const auto& [name, target] : fields) {
    auto value = text(j, name);
    if (!value) return value.error();
    *target = std::move(*value);
  }
  if (const auto it = j.find("pr_urls"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return bad("pr_urls", "is not an array");
    for (const auto& url : *it) {
      if (!url.is_string()) return bad("pr_urls", "holds a value that is not a string");
      o.pr_urls.push_back(url.get<std::string>());
    }
  }
  auto duration = integer(j, "duration_seconds", -1);
  if (!duration) return duration.error();
  o.duration_seconds = *duration;
  auto at = integer(j, "at_ms", 0);
  if (!at) return at.error();
  o.at = from_unix_ms(*at);
  return o;
}

}  // namespace autofixd::notify
