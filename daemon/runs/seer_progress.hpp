#pragma once
// Where a Seer run stands against the stopping point autofixd asked for
// (docs/sentry.md "Seer lifecycle"). Seer runs each pipeline step (root
// cause → solution → code changes → pull request) as its own agent run on
// the same run id and reports `completed` between steps, so `completed`
// alone does not mean finished. Pure: no I/O, no clock.

#include <string>

#include "config/config.hpp"
#include "sentry/types.hpp"

namespace autofixd::runs {

enum class SeerPhase {
  working,        // processing, a block loading, a PR being created, an agent running
  between_steps,  // completed short of the target: the next step should follow
  finished,       // at the target: report it
  failed,         // error / cancelled
  needs_input,    // waiting for a person's answer in Sentry
};

struct SeerTarget {
  config::StoppingPoint stopping_point = config::StoppingPoint::root_cause;
  // The run is handed to an external coding agent after the solution: it is
  // finished when every agent has finished (not at Seer's own PR).
  bool coding_agent = false;
};

struct SeerProgress {
  SeerPhase phase = SeerPhase::working;
  // The furthest pipeline step with a result: "", "root_cause", "solution",
  // "code_changes", "open_pr" (a pull request exists or failed to be made).
  std::string reached;
  // For working / between_steps: what is awaited, for logs and run detail,
  // e.g. "pull request being created", "next step after root_cause".
  std::string waiting_on;
};

SeerProgress seer_progress(const sentry::AutofixState& state, const SeerTarget& target);

// Seer is still at it (working, or waiting for a person): never continue it,
// and a run of someone else's in this phase counts as already triggered.
bool is_busy(SeerPhase phase);

// The step to ask Seer for after `reached`: the coding agent hand-off once
// the solution exists when the target hands off, else the next pipeline
// step ("" after open_pr).
std::string step_to_ask(std::string_view reached, const SeerTarget& target);

// The pipeline step a stopping point ends at ("root_cause" ... "open_pr").
std::string_view step_name(config::StoppingPoint point);
// The step that comes after `reached` ("" → "root_cause"; "open_pr" → "").
std::string next_step(std::string_view reached);
// -1 for unknown names; root_cause 0 < solution 1 < code_changes 2 < open_pr 3.
int step_rank(std::string_view step);

// A short fingerprint of everything that counts as progress (status, block
// count, last step, loading, PR and agent states): equal fingerprints over
// time mean the pipeline has not moved.
std::string progress_fingerprint(const sentry::AutofixState& state);

}  // namespace autofixd::runs
