#pragma once
// Parsing of GET /api/0/organizations/{org}/issues/ (a JSON array of issues,
// the serializer the issue webhook and issue details share). The sweep needs
// each issue's id and its JSON as Sentry sent it, to evaluate it like a
// webhook delivery. Pure: no I/O, never throws.

#include <string>
#include <string_view>
#include <vector>

#include "util/ids.hpp"
#include "util/result.hpp"

namespace autofixd::sentry {

struct ListedIssue {
  IssueId id;
  std::string json;  // the issue object, compact
};

struct IssueListPage {
  std::vector<ListedIssue> issues;
  std::size_t skipped = 0;  // elements without an object and a numeric "id"
};

// Errors (code "sentry.bad_response"): the body is not JSON, or not an array.
// An element that is not an object with an integer id (number or digit
// string) is skipped and counted, so one odd issue does not hide the rest.
Result<IssueListPage> parse_issue_list(std::string_view json_body);

}  // namespace autofixd::sentry
