#pragma once
// Parses a Sentry integration-platform webhook body into what autofixd acts
// on. Pure: no I/O. See docs/sentry.md "Webhooks" for the shapes.

#include <optional>
#include <string>
#include <string_view>

#include "rules/facts.hpp"
#include "util/ids.hpp"
#include "util/result.hpp"

namespace autofixd::intake {

enum class Handling {
  evaluate,  // issue.created/unresolved, event_alert.triggered, error.created
  advance,   // seer.* : advances a run (issue id and seer run id known)
  ignore,    // anything else: acknowledged and dropped
};

struct Envelope {
  std::string resource;  // Sentry-Hook-Resource header
  std::string action;
  std::string installation_uuid;
  Handling handling = Handling::ignore;
  std::optional<IssueId> issue;
  std::optional<SentryRunId> seer_run;
  // Facts the payload carried (issue id always set when handling != ignore).
  rules::Facts facts;

  bool operator==(const Envelope&) const = default;
};

// Errors (each names the field): "intake.bad_json" (syntax; HTTP 400),
// "intake.bad_shape" (valid JSON, wrong shape, e.g. missing data.issue.id or
// a non-numeric id; HTTP 422). A body that is valid JSON for a resource or
// action we do not handle parses with handling == ignore.
//
// `dom` pruned (the default) builds only the members the readers look at
// (payload_members.hpp); full builds the whole body first, which must read
// the same: the tests and fuzz_envelope compare the two.
enum class Dom { pruned, full };
Result<Envelope> parse_envelope(std::string_view resource_header, std::string_view body,
                                Dom dom = Dom::pruned);

}  // namespace autofixd::intake
