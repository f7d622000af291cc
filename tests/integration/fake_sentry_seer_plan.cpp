// The phases a Seer run goes through (fake_sentry_seer_model.hpp).

#include <algorithm>

#include "integration/fake_sentry_seer_model.hpp"

namespace autofixd::testing {

namespace {

std::ptrdiff_t step_index(const std::string& step) {
  const auto* end = std::end(kSeerSteps);
  const auto* at = std::find(std::begin(kSeerSteps), end, step);
  return at == end ? -1 : at - std::begin(kSeerSteps);
}

// _maybe_continue_pipeline: what runs after `step` finished; "" = nothing.
std::string next_after(const std::string& step, const std::string& stopping_point) {
  if (stopping_point.empty() || step == stopping_point) return "";
  if (stopping_point == "open_pr" && step == "code_changes") return "open_pr";
  const auto at = step_index(step);
  if (at < 0 || at + 1 >= static_cast<std::ptrdiff_t>(std::size(kSeerSteps))) return "";
  return kSeerSteps[at + 1];
}

void add(std::vector<SeerPhase>& phases, const AgentRunSpec& state, std::size_t gets,
         bool completes_step = false) {
  phases.push_back(SeerPhase{state, std::max<std::size_t>(gets, 1), completes_step});
}

bool has_done(const AgentRunSpec& state, const std::string& step) {
  return std::any_of(state.blocks.begin(), state.blocks.end(),
                     [&](const SeerBlockSpec& b) { return b.step == step && !b.loading; });
}

// push_changes: the PR is "creating", then "completed" (or an error when
// there is nothing to push).
void plan_push(std::vector<SeerPhase>& phases, AgentRunSpec& state, std::size_t repeat) {
  state.status = "completed";
  state.question.clear();
  const SeerTexts& t = state.texts;
  state.prs = {SeerPrSpec{.repo = t.repo, .status = "creating"}};
  if (!has_done(state, "code_changes")) {
    state.prs[0].status = "error";
    state.prs[0].error = "No code changes to push.";
    add(phases, state, repeat);
    return;
  }
  add(phases, state, repeat);
  state.prs[0] = SeerPrSpec{.repo = t.repo, .pr_url = t.pr_url, .pr_number = t.pr_number};
  add(phases, state, repeat);
}

// One agent turn for `step`: processing with its reply loading, perhaps a
// question on the way, then completed with the artifact.
void plan_turn(std::vector<SeerPhase>& phases, AgentRunSpec& state, const std::string& step,
               const SeerOptions& o) {
  for (auto& block : state.blocks) block.loading = false;  // an interrupted turn stays as is
  state.status = "processing";
  state.question.clear();
  state.blocks.push_back(SeerBlockSpec{step, true});
  add(phases, state, o.phase_repeat);
  if (o.needs_input_in_step == step) {
    state.status = "awaiting_user_input";
    state.question = o.question;
    state.blocks.back().loading = false;
    add(phases, state, o.input_gets);
    state.status = "processing";
    state.question.clear();
    state.blocks.back().loading = true;
    add(phases, state, o.phase_repeat);
  }
  state.status = "completed";
  state.blocks.back().loading = false;
  add(phases, state, o.phase_repeat, /*completes_step=*/true);
}

}  // namespace

std::vector<SeerPhase> plan_step(AgentRunSpec from, std::string step, const PlanContext& context) {
  const SeerOptions& o = *context.options;
  std::vector<SeerPhase> phases;
  while (!step.empty()) {
    if (step == "open_pr") {
      plan_push(phases, from, o.phase_repeat);
      break;
    }
    plan_turn(phases, from, step, o);
    if (o.stall_after_step == step) break;
    step = next_after(step, context.stopping_point);
  }
  return phases;
}

std::vector<SeerPhase> plan_handoff(AgentRunSpec from, SeerCodingAgentSpec agent,
                                    const SeerOptions& options) {
  std::vector<SeerPhase> phases;
  for (auto& block : from.blocks) block.loading = false;
  from.status = "completed";
  from.question.clear();
  const std::size_t at = from.coding_agents.size();
  agent.status = "pending";
  from.coding_agents.push_back(agent);
  add(phases, from, options.phase_repeat);
  from.coding_agents[at].status = "running";
  add(phases, from, options.phase_repeat);
  from.coding_agents[at].status = "completed";
  from.coding_agents[at].pr_url = from.texts.agent_pr_url;
  from.coding_agents[at].pr_number = 202;
  add(phases, from, options.phase_repeat);
  return phases;
}

SeerPhase* next_phase(SeerRun& run) {
  if (run.phases.empty()) return nullptr;
  const auto last = static_cast<std::ptrdiff_t>(run.phases.size()) - 1;
  if (run.shown < 0) {
    run.shown = 0;
    run.served = 0;
  } else if (run.served >= run.phases[run.shown].gets && run.shown < last) {
    ++run.shown;
    run.served = 0;
  }
  ++run.served;
  return &run.phases[run.shown];
}

AgentRunSpec cut_at_now(SeerRun& run) {
  if (run.phases.empty()) return AgentRunSpec{.texts = run.texts};
  if (run.shown < 0) run.shown = static_cast<std::ptrdiff_t>(run.phases.size()) - 1;
  run.phases.resize(static_cast<std::size_t>(run.shown) + 1);
  run.served = run.phases.back().gets;  // the next GET shows what comes next
  return run.phases.back().state;
}

}  // namespace autofixd::testing
