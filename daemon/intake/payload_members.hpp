#pragma once
// The members of a webhook body that intake's readers look at, per
// Sentry-Hook-Resource: parse_envelope stores only these in its DOM.
// Adding a field to a reader (resources.cpp, or sentry::parse_issue_json for
// data.issue) means adding it here; envelope_pruned_test and fuzz_envelope
// compare the pruned read against the full one.

#include <string_view>

#include "intake/json_keep.hpp"

namespace autofixd::intake {

const JsonKeep& payload_members(std::string_view resource);

}  // namespace autofixd::intake
