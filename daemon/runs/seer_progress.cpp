#include "runs/seer_progress.hpp"

#include <algorithm>
#include <array>

namespace autofixd::runs {
namespace {

constexpr std::array<std::string_view, 4> kSteps{"root_cause", "solution", "code_changes",
                                                 "open_pr"};

// Sentry's block steps are root_cause, solution, code_changes and
// pr_iteration (work on an open PR, so the PR step has been reached).
int block_step_rank(std::string_view step) {
  if (step == "pr_iteration") return step_rank("open_pr");
  return step_rank(step);
}

// The furthest step the state shows a result for: the last block's step,
// else what its artifacts, patches and PR states imply (states from older
// servers carry no step metadata).
int reached_rank(const sentry::AutofixState& state) {
  int rank = block_step_rank(state.last_block_step);
  if (!state.root_cause.empty()) rank = std::max(rank, 0);
  if (!state.solution.empty()) rank = std::max(rank, 1);
  if (!state.changes.empty()) rank = std::max(rank, 2);
  const bool pr_settled =
      !state.pr_states.empty() &&
      std::all_of(state.pr_states.begin(), state.pr_states.end(),
                  [](const sentry::PrState& pr) { return pr.status != "creating"; });
  if (pr_settled || !state.pull_requests.empty()) rank = std::max(rank, 3);
  return rank;
}

bool agent_busy(const sentry::CodingAgent& agent) {
  return agent.status == "pending" || agent.status == "running" || agent.status.empty();
}

bool pr_creating(const sentry::AutofixState& state) {
  return std::any_of(state.pr_states.begin(), state.pr_states.end(),
                     [](const sentry::PrState& pr) { return pr.status == "creating"; });
}

SeerProgress legacy_completed(const sentry::AutofixState& state, std::string reached) {
  // The old pipeline marks every step; one still PROCESSING means not done.
  const bool busy =
      std::any_of(state.legacy_step_statuses.begin(), state.legacy_step_statuses.end(),
                  [](const std::string& s) { return s == "PROCESSING" || s == "PENDING"; });
  if (busy) return {SeerPhase::working, std::move(reached), "a step still processing"};
  return {SeerPhase::finished, std::move(reached), ""};
}

SeerProgress agent_completed(const sentry::AutofixState& state, const SeerTarget& target,
                             std::string reached, int rank) {
  if (state.block_loading) return {SeerPhase::working, reached, "a step still loading"};
  if (pr_creating(state)) return {SeerPhase::working, reached, "pull request being created"};
  if (std::any_of(state.coding_agents.begin(), state.coding_agents.end(), agent_busy)) {
    return {SeerPhase::working, reached, "coding agent working"};
  }
  if (target.coding_agent) {
    if (!state.coding_agents.empty()) return {SeerPhase::finished, reached, ""};
    if (rank >= step_rank("solution"))
      return {SeerPhase::between_steps, reached, "coding agent hand-off"};
  } else if (rank >= step_rank(step_name(target.stopping_point))) {
    return {SeerPhase::finished, reached, ""};
  }
  return {SeerPhase::between_steps, reached,
          "next step after " + (reached.empty() ? std::string("start") : reached)};
}

}  // namespace

std::string_view step_name(config::StoppingPoint point) {
  return kSteps[static_cast<std::size_t>(point)];
}

int step_rank(std::string_view step) {
  const auto it = std::find(kSteps.begin(), kSteps.end(), step);
  return it == kSteps.end() ? -1 : static_cast<int>(it - kSteps.begin());
}

std::string next_step(std::string_view reached) {
  const int rank = step_rank(reached);
  if (rank + 1 >= static_cast<int>(kSteps.size())) return {};
  return std::string(kSteps[static_cast<std::size_t>(rank + 1)]);
}

SeerProgress seer_progress(const sentry::AutofixState& state, const SeerTarget& target) {
  const int rank = reached_rank(state);
  std::string reached = rank >= 0 ? std::string(kSteps[static_cast<std::size_t>(rank)]) : "";
  switch (state.status) {
    case sentry::AutofixStatus::error:
    case sentry::AutofixStatus::cancelled:
      return {SeerPhase::failed, std::move(reached), ""};
    case sentry::AutofixStatus::needs_input:
      return {SeerPhase::needs_input, std::move(reached), "an answer in Sentry"};
    case sentry::AutofixStatus::processing:
      return {SeerPhase::working, std::move(reached), "Seer processing"};
    case sentry::AutofixStatus::completed:
      break;
  }
  if (state.legacy_shape) return legacy_completed(state, std::move(reached));
  return agent_completed(state, target, std::move(reached), rank);
}

bool is_busy(SeerPhase phase) {
  return phase == SeerPhase::working || phase == SeerPhase::needs_input;
}

std::string step_to_ask(std::string_view reached, const SeerTarget& target) {
  if (target.coding_agent && step_rank(reached) >= step_rank("solution")) {
    return "coding_agent_handoff";
  }
  return next_step(reached);
}

std::string progress_fingerprint(const sentry::AutofixState& state) {
  std::string out = state.raw_status + "|" + std::to_string(state.block_count) + "|" +
                    state.last_block_step + "|" + (state.block_loading ? "L" : "-");
  for (const auto& pr : state.pr_states) out += "|" + pr.repo + "=" + pr.status;
  for (const auto& agent : state.coding_agents) out += "|" + agent.id + "=" + agent.status;
  for (const auto& s : state.legacy_step_statuses) out += "|" + s;
  return out;
}

}  // namespace autofixd::runs
