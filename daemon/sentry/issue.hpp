#pragma once
// Parsing of Sentry issue details: the body of
// GET /api/0/organizations/{org}/issues/{id}/ and the `data.issue` object of
// `issue` webhooks (same serializer). Pure: no I/O, never throws.

#include <string_view>

#include "sentry/types.hpp"
#include "util/result.hpp"

namespace autofixd::sentry {

// On success every field present in the body is filled; missing optional
// fields stay empty / nullopt. `web_url` prefers "web_url" over "permalink"
// (permalink is null for viewers Sentry does not consider authorised).
//
// Errors (code "sentry.bad_response", message names the field), e.g.
//   issue: body is not valid JSON
//   issue: expected a JSON object, got [1,2]
//   issue: field "id": missing
//   issue: field "id": expected a string of digits, got true
//   issue: field "count": expected a non-negative integer (number or string of digits), got "x"
//   issue: field "seerFixabilityScore": expected a number or null, got "high"
Result<IssueDetails> parse_issue(std::string_view json_body);

}  // namespace autofixd::sentry
