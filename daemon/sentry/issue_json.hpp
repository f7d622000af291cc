#pragma once
// parse_issue over an already parsed document, for callers that hold the
// webhook envelope as nlohmann::json (intake). Kept apart from issue.hpp so
// that header stays free of nlohmann.

#include <nlohmann/json.hpp>

#include "sentry/types.hpp"
#include "util/result.hpp"

namespace autofixd::sentry {

// Same contract as parse_issue(std::string_view), given the issue object.
Result<IssueDetails> parse_issue_json(const nlohmann::json& issue);

}  // namespace autofixd::sentry
