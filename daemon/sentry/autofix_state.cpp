#include "sentry/autofix_state.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "sentry/autofix_shapes.hpp"
#include "sentry/json_fields.hpp"
#include "sentry/text.hpp"
#include "util/time_format.hpp"

namespace autofixd::sentry {
namespace {

namespace jf = json_fields;
namespace shapes = autofix_shapes;
using Json = nlohmann::json;

constexpr std::string_view kWhat = "autofix";
// Seer's free text goes into logs, run details (`autofixd runs`) and
// comments, so it is made printable and one line here. Comments cap the
// detail at the same size.
constexpr std::size_t kMaxDetailBytes = 2000;
constexpr std::size_t kMaxIdBytes = 100;

// Errors Sentry put at the top level of the state (not in the documented
// shapes, but cheap to honour): "error" as text or {"message": ...}.
void read_top_level_error(const Json& autofix, AutofixState& state) {
  for (const std::string_view key : {"error", "error_message"}) {
    const Json* value = jf::find_value(autofix, key);
    if (value == nullptr) continue;
    if (value->is_string()) shapes::add_error_detail(state, value->get<std::string>());
    if (value->is_object()) {
      shapes::add_error_detail(state, jf::text(*value, "message"));
      shapes::add_error_detail(state, jf::text(*value, "detail"));
    }
  }
}

Result<AutofixState> parse_state_object(const Json& autofix) {
  AutofixState state;
  state.exists = true;
  if (const Json* run = jf::find_value(autofix, "run_id")) {
    if (auto id = jf::as_integer(*run)) state.run_id = SentryRunId{*id};
  }
  if (const Json* status = jf::find_value(autofix, "status")) {
    if (!status->is_string()) {
      return jf::bad_field(kWhat, "autofix.status",
                           "expected a string, got " + jf::describe(*status));
    }
    state.raw_status = text::one_line(status->get<std::string>(), kMaxIdBytes);
  }
  state.status = map_status(state.raw_status);
  state.sentry_run_uuid = text::one_line(jf::text(autofix, "sentry_run_id"), kMaxIdBytes);
  state.legacy_shape = jf::find_value(autofix, "steps") != nullptr &&
                       jf::find_value(autofix, "blocks") == nullptr;
  state.triggered_at = parse_utc(jf::text(autofix, "last_triggered_at"));
  state.updated_at = parse_utc(jf::text(autofix, "updated_at"));

  shapes::Context context{state, {}};
  shapes::read_legacy(autofix, context);
  shapes::read_agent(autofix, context);
  read_top_level_error(autofix, state);
  if (state.status == AutofixStatus::needs_input) {
    state.question = text::one_line(context.question, kMaxDetailBytes);
    if (state.error_detail.empty()) state.error_detail = state.question;
  }
  state.error_detail = text::one_line(state.error_detail, kMaxDetailBytes);
  return state;
}

Result<AutofixState> parse_document(const Json& document) {
  const Json* autofix = jf::find(document, "autofix");
  if (autofix == nullptr) {
    return make_error("sentry.bad_response",
                      std::string(kWhat) + ": expected a JSON object with an \"autofix\" field, got " +
                          jf::describe(document));
  }
  if (autofix->is_null()) return AutofixState{};
  if (!autofix->is_object()) {
    return jf::bad_field(kWhat, "autofix", "expected an object or null, got " + jf::describe(*autofix));
  }
  return parse_state_object(*autofix);
}

}  // namespace

AutofixStatus map_status(std::string_view raw_status) {
  static const std::array<std::pair<std::string_view, AutofixStatus>, 8> kStatuses{{
      {"processing", AutofixStatus::processing},
      {"completed", AutofixStatus::completed},
      {"error", AutofixStatus::error},
      {"cancelled", AutofixStatus::cancelled},
      {"canceled", AutofixStatus::cancelled},
      {"awaiting_user_input", AutofixStatus::needs_input},
      {"waiting_for_user_response", AutofixStatus::needs_input},
      {"need_more_information", AutofixStatus::needs_input},
  }};
  const std::string lower = shapes::lowercase(raw_status);
  for (const auto& [name, status] : kStatuses) {
    if (lower == name) return status;
  }
  return AutofixStatus::processing;
}

std::string_view to_string(AutofixStatus status) {
  switch (status) {
    case AutofixStatus::processing: return "processing";
    case AutofixStatus::completed: return "completed";
    case AutofixStatus::error: return "error";
    case AutofixStatus::cancelled: return "cancelled";
    case AutofixStatus::needs_input: return "needs_input";
  }
  return "processing";
}

Result<AutofixState> parse_autofix_state(std::string_view json_body) {
  auto parsed = jf::parse(json_body, kWhat);
  if (!parsed) return parsed.error();
  // The readers check every type before reading; the catch only keeps the
  // no-throw promise should one of them miss a case.
  try {
    return parse_document(*parsed);
  } catch (const std::exception& e) {
    return make_error("sentry.bad_response", std::string(kWhat) + ": " + e.what());
  }
}

}  // namespace autofixd::sentry
