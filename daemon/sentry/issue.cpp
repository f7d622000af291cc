#include "sentry/issue.hpp"

#include <cmath>

#include "sentry/issue_json.hpp"
#include "sentry/json_fields.hpp"
#include "util/time_format.hpp"

namespace autofixd::sentry {
namespace {

namespace jf = json_fields;
using Json = nlohmann::json;

constexpr std::string_view kWhat = "issue";

Result<IssueId> read_id(const Json& issue) {
  const Json* value = jf::find_value(issue, "id");
  if (value == nullptr) return jf::bad_field(kWhat, "id", "missing");
  if (auto id = jf::as_integer(*value)) return IssueId{*id};
  return jf::bad_field(kWhat, "id", "expected a string of digits, got " + jf::describe(*value));
}

Result<std::optional<double>> read_fixability(const Json& issue) {
  constexpr std::string_view key = "seerFixabilityScore";
  const Json* value = jf::find_value(issue, key);
  if (value == nullptr) return std::optional<double>{};
  if (!value->is_number()) {
    return jf::bad_field(kWhat, key, "expected a number or null, got " + jf::describe(*value));
  }
  const double score = value->get<double>();
  if (!std::isfinite(score)) {
    return jf::bad_field(kWhat, key, "expected a finite number, got " + jf::describe(*value));
  }
  return std::optional<double>{score};
}

Result<std::string> read_project_slug(const Json& issue) {
  const Json* project = jf::find_value(issue, "project");
  if (project == nullptr) return std::string{};
  if (!project->is_object()) {
    return jf::bad_field(kWhat, "project", "expected an object, got " + jf::describe(*project));
  }
  const Json* slug = jf::find_value(*project, "slug");
  if (slug == nullptr) return std::string{};
  if (!slug->is_string()) {
    return jf::bad_field(kWhat, "project.slug", "expected a string, got " + jf::describe(*slug));
  }
  return slug->get<std::string>();
}

// Copies the optional string `key` into `out`; false (with `error` set) on a
// wrong type.
bool read_string(const Json& issue, std::string_view key, std::string& out, Error& error) {
  auto value = jf::string_field(issue, key, kWhat);
  if (!value) {
    error = value.error();
    return false;
  }
  out = std::move(*value);
  return true;
}

bool read_strings(const Json& issue, IssueDetails& details, Error& error) {
  std::string permalink;
  const bool ok = read_string(issue, "shortId", details.short_id, error) &&
                  read_string(issue, "title", details.title, error) &&
                  read_string(issue, "culprit", details.culprit, error) &&
                  read_string(issue, "level", details.level, error) &&
                  read_string(issue, "status", details.status, error) &&
                  read_string(issue, "substatus", details.substatus, error) &&
                  read_string(issue, "priority", details.priority, error) &&
                  read_string(issue, "issueCategory", details.issue_category, error) &&
                  read_string(issue, "web_url", details.web_url, error) &&
                  read_string(issue, "permalink", permalink, error);
  if (ok && details.web_url.empty()) details.web_url = std::move(permalink);
  return ok;
}

// stats["30d"]: [[timestamp, events], ...], daily buckets over 30 days.
// Anything else (absent, collapsed, a shape Sentry may change to) is
// unknown rather than an error: only rules with environments need it.
std::optional<std::int64_t> events_in_30d(const Json& issue) {
  const Json* stats = jf::find_value(issue, "stats");
  if (stats == nullptr || !stats->is_object()) return std::nullopt;
  const auto buckets = stats->find("30d");
  if (buckets == stats->end() || !buckets->is_array()) return std::nullopt;
  std::int64_t total = 0;
  for (const Json& bucket : *buckets) {
    if (!bucket.is_array() || bucket.size() != 2 || !bucket[1].is_number()) return std::nullopt;
    const double events = bucket[1].get<double>();
    if (events < 0 || events > 1e15) return std::nullopt;
    total += static_cast<std::int64_t>(events);
  }
  return total;
}

bool read_numbers(const Json& issue, IssueDetails& details, Error& error) {
  auto count = jf::integer_field(issue, "count", kWhat);
  if (!count) {
    error = count.error();
    return false;
  }
  auto users = jf::integer_field(issue, "userCount", kWhat);
  if (!users) {
    error = users.error();
    return false;
  }
  auto fixability = read_fixability(issue);
  if (!fixability) {
    error = fixability.error();
    return false;
  }
  details.count = *count;
  details.user_count = *users;
  details.fixability = *fixability;
  details.events_30d = events_in_30d(issue);
  return true;
}

// isUnhandled: true, false, or absent/null (unknown).
bool read_unhandled(const Json& issue, IssueDetails& details, Error& error) {
  constexpr std::string_view key = "isUnhandled";
  const Json* value = jf::find_value(issue, key);
  if (value == nullptr) return true;
  if (!value->is_boolean()) {
    error = jf::bad_field(kWhat, key, "expected true, false or null, got " + jf::describe(*value));
    return false;
  }
  details.is_unhandled = value->get<bool>();
  return true;
}

// A member read here must also be listed in intake/payload_members.cpp, or a
// webhook's data.issue arrives without it (envelope_pruned_test notices).
Result<IssueDetails> parse_object(const Json& issue) {
  if (!issue.is_object()) {
    return make_error("sentry.bad_response",
                      std::string(kWhat) + ": expected a JSON object, got " + jf::describe(issue));
  }
  auto id = read_id(issue);
  if (!id) return id.error();
  IssueDetails details;
  details.id = *id;
  Error error;
  if (!read_strings(issue, details, error) || !read_numbers(issue, details, error) ||
      !read_unhandled(issue, details, error)) {
    return error;
  }
  // Lenient like the last-triggered times: an unreadable firstSeen is unknown.
  details.first_seen = parse_utc(jf::text(issue, "firstSeen"));
  auto slug = read_project_slug(issue);
  if (!slug) return slug.error();
  details.project_slug = std::move(*slug);
  // Either may be missing or null; Seer has run when either is set.
  for (const std::string_view key : {"seerAutofixLastTriggered", "seerExplorerAutofixLastTriggered"}) {
    const auto at = parse_utc(jf::text(issue, key));
    if (at && (!details.seer_last_triggered || *at > *details.seer_last_triggered)) {
      details.seer_last_triggered = at;
    }
  }
  return details;
}

}  // namespace

Result<IssueDetails> parse_issue_json(const nlohmann::json& issue) {
  // The readers check types before every get<>(), so nothing should throw;
  // the catch keeps that promise even if a future field forgets to.
  try {
    return parse_object(issue);
  } catch (const std::exception& e) {
    return make_error("sentry.bad_response", std::string(kWhat) + ": " + e.what());
  }
}

Result<IssueDetails> parse_issue(std::string_view json_body) {
  auto parsed = json_fields::parse(json_body, kWhat);
  if (!parsed) return parsed.error();
  return parse_issue_json(*parsed);
}

}  // namespace autofixd::sentry
