#include "store/records.hpp"

#include <array>
#include <utility>

#include "util/time_format.hpp"

namespace autofixd::store {
namespace {

constexpr std::array<std::pair<RunState, std::string_view>, 8> kNames = {{
    {RunState::pending, "pending"},
    {RunState::starting, "starting"},
    {RunState::running, "running"},
    {RunState::completed, "completed"},
    {RunState::failed, "failed"},
    {RunState::needs_input, "needs_input"},
    {RunState::timed_out, "timed_out"},
    {RunState::cancelled, "cancelled"},
}};

}  // namespace

std::string_view to_string(RunState state) {
  for (const auto& [s, name] : kNames) {
    if (s == state) return name;
  }
  return "unknown";
}

std::optional<RunState> parse_run_state(std::string_view text) {
  for (const auto& [s, name] : kNames) {
    if (name == text) return s;
  }
  return std::nullopt;
}

bool is_terminal(RunState state) {
  return state != RunState::pending && state != RunState::starting && state != RunState::running &&
         state != RunState::needs_input;
}

std::string_view to_string(RunOrigin origin) {
  switch (origin) {
    case RunOrigin::started: return "started";
    case RunOrigin::followed: return "followed";
    case RunOrigin::continued: return "continued";
  }
  return "started";
}

RunOrigin parse_run_origin(std::string_view text) {
  if (text == "followed") return RunOrigin::followed;
  if (text == "continued") return RunOrigin::continued;
  return RunOrigin::started;
}

std::string_view to_string(OperatorAction action) {
  switch (action) {
    case OperatorAction::start: return "start";
    case OperatorAction::retry: return "retry";
    case OperatorAction::cancel: return "cancel";
  }
  return "start";
}

std::optional<OperatorAction> parse_operator_action(std::string_view text) {
  if (text == "start") return OperatorAction::start;
  if (text == "retry") return OperatorAction::retry;
  if (text == "cancel") return OperatorAction::cancel;
  return std::nullopt;
}

std::string_view to_string(CommentKind kind) {
  return kind == CommentKind::question ? "question" : "result";
}

}  // namespace autofixd::store

namespace autofixd::store {

std::string describe_pause(const PauseState& pause) {
  return "paused by " + pause.by + " since " + format_utc(pause.since) +
         (pause.reason.empty() ? "" : ": " + pause.reason);
}

}  // namespace autofixd::store
