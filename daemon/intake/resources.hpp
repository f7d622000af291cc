#pragma once
// Per-resource readers behind parse_envelope(). Internal to intake. Each gets
// the envelope with resource, action and installation already filled, and
// the `data` object; it decides the handling and fills issue, seer_run and
// facts. Errors as in envelope.hpp ("intake.bad_shape", naming the path).

#include <nlohmann/json.hpp>

#include "intake/envelope.hpp"
#include "util/result.hpp"

namespace autofixd::intake::resources {

// issue.created / issue.unresolved → evaluate, facts from data.issue.
// Other issue actions → ignore, with the issue id and status when readable.
Result<Envelope> read_issue(Envelope envelope, const nlohmann::json& data);

// event_alert.triggered → evaluate, facts from data.event.
Result<Envelope> read_event_alert(Envelope envelope, const nlohmann::json& data);

// error.created → evaluate, facts from data.error.
Result<Envelope> read_error(Envelope envelope, const nlohmann::json& data);

// seer.* → advance: data.group_id (required) and data.run_id (optional).
Result<Envelope> read_seer(Envelope envelope, const nlohmann::json& data);

}  // namespace autofixd::intake::resources
