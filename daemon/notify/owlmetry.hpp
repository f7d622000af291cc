#pragma once
// The Owlmetry issues API (seeds/003): paths, the status transition table
// and the response shapes autofixd reads. Pure: no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace autofixd::notify::owlmetry {

inline constexpr int kPageLimit = 200;  // the largest page the API serves

struct IssueSummary {
  std::string id;
  std::string title;
  std::string status;  // new, in_progress, resolved, silenced, regressed, snoozed
};

struct IssuePage {
  std::vector<IssueSummary> issues;
  std::string cursor;  // "" when there is no next page
  bool has_more = false;
};

struct TrackerComment {
  std::string id;
  std::string body;
};

// True when the seed's table lets a client move an issue from `from` to
// `to`. Never true for `resolved` (it needs a fix version autofixd does not
// have), for regressed (the scan job sets it) or for no change at all.
bool transition_allowed(std::string_view from, std::string_view to);

// Paths relative to the tracker's base URL; ids are percent-encoded.
std::string issues_path(std::string_view project, std::string_view cursor);
std::string issue_path(std::string_view project, std::string_view issue);
std::string comments_path(std::string_view project, std::string_view issue);

// Errors (code "notify.bad_response") name what was missing or wrong.
Result<IssuePage> parse_issue_page(std::string_view body);
Result<IssueSummary> parse_issue(std::string_view body);
// GET …/comments answers an array, or an object holding "comments".
Result<std::vector<TrackerComment>> parse_comments(std::string_view body);
// POST …/comments answers the created comment (its id), or {"comment": {...}}.
Result<std::string> parse_created_comment_id(std::string_view body);

// The first issue of `page` titled exactly `title` that is not resolved.
std::optional<IssueSummary> open_issue_titled(const IssuePage& page, std::string_view title);

}  // namespace autofixd::notify::owlmetry
