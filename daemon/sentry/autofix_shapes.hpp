#pragma once
// Internal to autofixd_sentry_model: readers for the two shapes of the
// autofix state. Each reads what it recognises and ignores the rest, so
// both can run over any body (a state has steps[] or blocks[], not both).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sentry/types.hpp"

namespace autofixd::sentry::autofix_shapes {

struct Context {
  AutofixState& state;
  // What Seer asked the user, when it stopped for input; folded into
  // error_detail at the end if nothing better explains the stop.
  std::string question;
};

// Appends `message` to state.error_detail ("; "-separated), skipping
// empty and repeated messages.
void add_error_detail(AutofixState& state, std::string_view message);

// ASCII lowercase copy.
std::string lowercase(std::string_view text);

// "title — detail", or whichever of the two is non-empty.
std::string join_title(std::string_view title, std::string_view detail);

// Adds a pull request unless one with the same URL is already listed.
void add_pull_request(AutofixState& state, PullRequest pr);

// Legacy shape: steps[] of type root_cause_analysis / solution / changes,
// and ERROR / NEED_MORE_INFORMATION progress items.
void read_legacy(const nlohmann::json& autofix, Context& context);

// Agent shape: blocks[].artifacts[], blocks[].merged_file_patches[],
// repo_pr_states{} and pending_user_input.
void read_agent(const nlohmann::json& autofix, Context& context);

}  // namespace autofixd::sentry::autofix_shapes
