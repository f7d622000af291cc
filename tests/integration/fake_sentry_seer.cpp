// FakeSentry's Seer runs: creating them, the GET that shows the issue's
// latest run one phase at a time, and the trigger stamps on the issue.

#include <nlohmann/json.hpp>

#include "integration/fake_sentry_state.hpp"

namespace autofixd::testing {

namespace {

using Json = nlohmann::json;

FakeResponse detail(int status, std::string text) {
  return FakeResponse{status, Json{{"detail", std::move(text)}}.dump(), {}};
}

}  // namespace

SeerRun& FakeSentry::State::seer_create_run(std::int64_t issue, const std::string& stopping_point,
                                            const std::string& step, bool by_post,
                                            SysClock::time_point at) {
  FakeIssue& state = issues[issue];
  SeerIssue& seer = *state.seer;
  const SeerOptions& o = seer.options;
  SeerRun run;
  run.info.run_id = next_run_id++;
  run.info.sentry_run_id = seer_run_uuid(run.info.run_id);
  run.info.by_post = by_post;
  run.info.stopping_point = stopping_point;
  run.info.triggered_at = at;
  run.texts = by_post ? o.texts : o.elsewhere_texts;
  AgentRunSpec start{.texts = run.texts};
  start.style = o.style;
  run.phases = plan_step(start, step, PlanContext{stopping_point, &o});
  run.bumped = ++trigger_sequence;
  if (by_post && o.stamps != TriggerStamp::on_step_completion) state.last_triggered = at;
  state.started = true;
  state.run_id = run.info.run_id;
  seer.runs.push_back(std::move(run));
  changed.notify_all();
  return seer.runs.back();
}

SeerRun* FakeSentry::State::seer_find_run(std::int64_t issue, std::int64_t run_id) {
  auto& runs = issues[issue].seer->runs;
  for (auto& run : runs) {
    if (run.info.run_id == run_id) return &run;
  }
  return nullptr;
}

SeerRun* FakeSentry::State::seer_find_uuid(std::int64_t issue, const std::string& uuid) {
  for (auto& run : issues[issue].seer->runs) {
    if (run.info.sentry_run_id == uuid) return &run;
  }
  return nullptr;
}

SeerRun* FakeSentry::State::seer_latest(std::int64_t issue) {
  SeerRun* latest = nullptr;
  for (auto& run : issues[issue].seer->runs) {
    if (!latest || run.bumped > latest->bumped) latest = &run;
  }
  return latest;
}

void FakeSentry::State::seer_settle() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& [id, issue] : issues) {
    if (!issue.seer) continue;
    auto& pending = issue.seer->pending;
    for (std::size_t i = 0; i < pending.size();) {
      if (pending[i].due > now) {
        ++i;
        continue;
      }
      const PendingStart start = pending[i];
      pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
      const auto late = std::chrono::duration_cast<SysClock::duration>(now - start.due);
      seer_create_run(id, start.stopping_point, start.step, /*by_post=*/true,
                      SysClock::now() - late);
    }
  }
}

FakeResponse FakeSentry::State::seer_get(std::int64_t issue) {
  FakeIssue& state = issues[issue];
  if (state.seer->options.access == SeerAccess::disabled) {
    return detail(403, "AI features are disabled for this organization.");
  }
  SeerRun* run = seer_latest(issue);
  SeerPhase* phase = run ? next_phase(*run) : nullptr;
  if (!phase) return FakeResponse{200, autofix_null_json(), {}};
  if (!phase->shown_at) {
    phase->shown_at = SysClock::now();
    if (phase->completes_step && state.seer->options.stamps == TriggerStamp::on_step_completion) {
      state.explorer_last_triggered = *phase->shown_at;
    }
  }
  AgentRunSpec shown = phase->state;
  shown.run_id = run->info.run_id;
  shown.sentry_run_id = run->info.sentry_run_id;
  shown.updated_at = sentry_time(*phase->shown_at);
  return FakeResponse{200, agent_run_json(shown), {}};
}

std::optional<std::string> FakeSentry::State::details(std::int64_t issue) {
  const FakeIssue& state = issues[issue];
  if (!state.details_json) return std::nullopt;
  if (!state.last_triggered && !state.explorer_last_triggered) return state.details_json;
  Json details = Json::parse(*state.details_json, nullptr, false);
  if (!details.is_object()) return state.details_json;
  if (state.last_triggered)
    details["seerAutofixLastTriggered"] = sentry_time(*state.last_triggered);
  if (state.explorer_last_triggered) {
    details["seerExplorerAutofixLastTriggered"] = sentry_time(*state.explorer_last_triggered);
  }
  return details.dump();
}

}  // namespace autofixd::testing
