// The legacy autofix state: UPPERCASE status and results in steps[]
// (frontend types in static/app/components/events/autofix/types.ts).

#include <algorithm>
#include <cctype>

#include "sentry/autofix_shapes.hpp"
#include "sentry/json_fields.hpp"

namespace autofixd::sentry::autofix_shapes {
namespace {

namespace jf = json_fields;
using Json = nlohmann::json;

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// The cause the user (or Seer) selected, else the first one.
const Json* selected_cause(const Json& step) {
  const Json& causes = jf::array(step, "causes");
  const Json* selection = jf::find_value(step, "selection");
  const Json* wanted = selection != nullptr ? jf::find_value(*selection, "cause_id") : nullptr;
  const auto wanted_id = wanted != nullptr ? jf::as_integer(*wanted) : std::nullopt;
  const Json* first = nullptr;
  for (const Json& cause : causes) {
    if (!cause.is_object()) continue;
    if (first == nullptr) first = &cause;
    const Json* id = jf::find_value(cause, "id");
    if (wanted_id && id != nullptr && jf::as_integer(*id) == wanted_id) return &cause;
  }
  return first;
}

// Timeline events (root_cause_reproduction[], solution[]) as one line each.
std::vector<std::string> timeline_lines(const Json& events) {
  std::vector<std::string> lines;
  for (const Json& event : events) {
    if (!event.is_object()) continue;
    // Solution items the user switched off are not part of the fix.
    const Json* active = jf::find_value(event, "is_active");
    if (active != nullptr && active->is_boolean() && !active->get<bool>()) continue;
    std::string line = join_title(jf::text(event, "title"), jf::text(event, "code_snippet_and_analysis"));
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

void read_root_cause_step(const Json& step, AutofixState& state) {
  const Json* selection = jf::find_value(step, "selection");
  const std::string custom = selection != nullptr ? jf::text(*selection, "custom_root_cause") : "";
  if (!custom.empty()) {
    state.root_cause = custom;
    state.root_cause_details.clear();
    return;
  }
  const Json* cause = selected_cause(step);
  if (cause == nullptr) return;
  state.root_cause = jf::text(*cause, "description");
  state.root_cause_details = timeline_lines(jf::array(*cause, "root_cause_reproduction"));
}

void read_solution_step(const Json& step, AutofixState& state) {
  state.solution = jf::text(step, "description");
  if (state.solution.empty()) state.solution = jf::text(step, "custom_solution");
  state.solution_steps = timeline_lines(jf::array(step, "solution"));
}

// One CodeChange per file the change touches (diff[].path), so the comment
// can list files; the change's whole diff_str rides on its first file.
void read_change(const Json& change, AutofixState& state) {
  const std::string repo = jf::text(change, "repo_name");
  const std::string title = jf::text(change, "title");
  std::string diff = jf::text(change, "diff_str");
  bool any_file = false;
  for (const Json& file : jf::array(change, "diff")) {
    const std::string path = jf::text(file, "path");
    if (path.empty()) continue;
    state.changes.push_back(CodeChange{repo, path, title, std::move(diff)});
    diff.clear();
    any_file = true;
  }
  if (!any_file) state.changes.push_back(CodeChange{repo, "", title, std::move(diff)});

  if (const Json* pr = jf::find_value(change, "pull_request")) {
    const Json* number = jf::find_value(*pr, "pr_number");
    add_pull_request(state, PullRequest{repo, jf::text(*pr, "pr_url"),
                                        number != nullptr ? jf::as_integer(*number) : std::nullopt});
  }
}

void read_changes_step(const Json& step, AutofixState& state) {
  state.changes.clear();
  for (const Json& change : jf::array(step, "changes")) {
    if (change.is_object()) read_change(change, state);
  }
}

void read_progress(const Json& step, Context& context) {
  bool step_explained = false;
  for (const Json& item : jf::array(step, "progress")) {
    const std::string type = jf::text(item, "type");
    const std::string message = jf::text(item, "message");
    if (equals_ignore_case(type, "ERROR")) {
      add_error_detail(context.state, message);
      step_explained = step_explained || !message.empty();
    } else if (equals_ignore_case(type, "NEED_MORE_INFORMATION") && !message.empty()) {
      context.question = message;
    }
  }
  if (!step_explained && equals_ignore_case(jf::text(step, "status"), "ERROR")) {
    const std::string title = jf::text(step, "title");
    add_error_detail(context.state, "step \"" + (title.empty() ? jf::text(step, "key") : title) +
                                        "\" ended with status ERROR");
  }
}

}  // namespace

void read_legacy(const Json& autofix, Context& context) {
  for (const Json& step : jf::array(autofix, "steps")) {
    if (!step.is_object()) continue;
    const std::string type = jf::text(step, "type");
    if (type == "root_cause_analysis") {
      read_root_cause_step(step, context.state);
    } else if (type == "solution") {
      read_solution_step(step, context.state);
    } else if (type == "changes") {
      read_changes_step(step, context.state);
    }
    read_progress(step, context);
    std::string status = jf::text(step, "status");
    std::transform(status.begin(), status.end(), status.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    context.state.legacy_step_statuses.push_back(std::move(status));
  }
}

}  // namespace autofixd::sentry::autofix_shapes
