#include "intake/envelope.hpp"

#include <exception>

#include "intake/fields.hpp"
#include "intake/payload_members.hpp"
#include "intake/resources.hpp"
#include "intake/strict_json.hpp"

namespace autofixd::intake {
namespace {

// The parts every delivery shares: {"action", "installation": {"uuid"},
// "data": {...}, "actor"}. `actor` is not read: its id is a string or a number
// depending on who acted, and nothing here depends on it.
Result<Envelope> read_common(const Json& body, std::string_view resource) {
  if (!body.is_object()) {
    return bad_shape("body", std::string("expected a JSON object, got ") + body.type_name());
  }
  Envelope envelope;
  envelope.resource = std::string(resource);
  auto action = require_string(body, "action", "");
  if (!action) return action.error();
  envelope.action = std::move(*action);
  auto data = require_object(body, "data", "");
  if (!data) return data.error();
  if (const Json* installation = member(body, "installation")) {
    if (!installation->is_object()) {
      return bad_shape("installation",
                       std::string("expected an object, got ") + installation->type_name());
    }
    auto uuid = optional_string(*installation, "uuid", "installation");
    if (!uuid) return uuid.error();
    envelope.installation_uuid = std::move(*uuid);
  }
  return envelope;
}

Result<Envelope> dispatch(Envelope envelope, const Json& data) {
  const std::string& resource = envelope.resource;
  if (resource == "issue") return resources::read_issue(std::move(envelope), data);
  if (resource == "event_alert") return resources::read_event_alert(std::move(envelope), data);
  if (resource == "error") return resources::read_error(std::move(envelope), data);
  if (resource == "seer") return resources::read_seer(std::move(envelope), data);
  // comment (including our own comments coming back), installation,
  // metric_alert, anything newer, and a missing header.
  envelope.handling = Handling::ignore;
  return envelope;
}

Result<Envelope> parse_unguarded(std::string_view resource_header, std::string_view body,
                                 Dom dom) {
  auto json = parse_strict_json(
      body, dom == Dom::pruned ? &payload_members(resource_header) : nullptr);
  if (!json) return json.error();
  auto envelope = read_common(*json, resource_header);
  if (!envelope) return envelope.error();
  return dispatch(std::move(*envelope), json->at("data"));
}

}  // namespace

Result<Envelope> parse_envelope(std::string_view resource_header, std::string_view body,
                                Dom dom) {
  // The readers check every type before reading a value, so nothing should
  // throw; this keeps the no-throw promise if one ever forgets, and covers
  // allocation failure on a huge body.
  try {
    return parse_unguarded(resource_header, body, dom);
  } catch (const std::exception& e) {
    return make_error("intake.bad_json", std::string("body could not be read: ") + e.what());
  }
}

}  // namespace autofixd::intake
