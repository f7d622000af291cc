#pragma once
// Owlmetry's issue model as the seed describes it (seed 003, "Issues"):
// statuses and the transition table, list order and cursor pages, and the
// JSON shapes. Pure functions over values; FakeOwlmetry keeps the state.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace autofixd::testing {

struct OwlIssue {
  std::string id;
  std::string project_id;
  std::string app_id;
  std::string app_name;
  std::string status;  // new, in_progress, resolved, silenced, regressed, snoozed
  std::string title;
  std::string source_module;
  bool is_dev = false;
  std::int64_t occurrence_count = 0;
  std::int64_t unique_user_count = 0;
  std::optional<std::string> resolved_at_version;
  std::string first_seen_at;  // ISO 8601 UTC with milliseconds, e.g. 2024-01-15T10:00:00.000Z
  std::string last_seen_at;
  std::optional<std::string> snoozed_at;
  std::string created_at;
  std::string updated_at;
};

struct OwlComment {
  std::string id;
  std::string issue_id;
  std::string author_type;  // "user" or "agent" (an API key)
  std::string author_id;
  std::string author_name;
  std::string body;
  std::string created_at;
  std::string updated_at;
};

// Every status an issue can have, and those a PATCH may ask for (regressed
// is set only by Owlmetry's scan job).
bool owl_is_status(std::string_view status);
bool owl_is_settable(std::string_view status);
// The seed's "Valid status transitions" table; a status to itself is not
// in it.
bool owl_transition_allowed(std::string_view from, std::string_view to);
const std::vector<std::string>& owl_statuses();

// A PATCH {"status", "resolved_at_version"} applied to `issue` at `now`;
// the error message (for a 400) when refused, the issue unchanged.
std::optional<std::string> owl_apply_status(OwlIssue& issue, const nlohmann::json& body,
                                            const std::string& now);

// Issues in list order: last_seen_at newest first, then id descending.
bool owl_listed_before(const OwlIssue& a, const OwlIssue& b);

struct OwlPage {
  std::vector<OwlIssue> issues;
  std::optional<std::string> cursor;  // id of the page's last issue when has_more
  bool has_more = false;
};
// One page of `sorted` (filtered, in list order): the issues listed after
// `after` (the cursor's issue, wherever it is now, so a cursor stays valid
// when its issue no longer matches the filter), at most `limit`.
OwlPage owl_page(const std::vector<OwlIssue>& sorted, const std::optional<OwlIssue>& after,
                 std::size_t limit);

// JSON shapes of the seed.
nlohmann::json owl_issue_json(const OwlIssue& issue);
nlohmann::json owl_comment_json(const OwlComment& comment);
nlohmann::json owl_error_json(std::string_view message);  // {"error": message}

// "2024-01-15T10:00:00.000Z" for `seconds` since the Unix epoch.
std::string owl_time(std::int64_t seconds);
std::string owl_now();  // the wall clock, same format

}  // namespace autofixd::testing
