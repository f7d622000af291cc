// FakeSentry's public Seer members: enabling the model, runs started
// elsewhere, start faults, and what the tests read back.

#include <nlohmann/json.hpp>

#include "integration/fake_sentry_state.hpp"

namespace autofixd::testing {

namespace {

SeerIssue& seer_of(FakeIssue& issue) {
  if (!issue.seer) issue.seer.emplace();
  return *issue.seer;
}

bool is_continuation(const RecordedRequest& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object()) return false;
  for (const char* key : {"run_id", "runId", "sentry_run_id", "sentryRunId"}) {
    if (auto it = body.find(key); it != body.end() && !it->is_null()) return true;
  }
  return false;
}

}  // namespace

void FakeSentry::enable_seer(std::int64_t issue, SeerOptions options) {
  std::lock_guard lock(state_->mutex);
  seer_of(state_->issues[issue]).options = std::move(options);
}

std::int64_t FakeSentry::start_run_elsewhere(std::int64_t issue, ElsewhereRun spec) {
  std::lock_guard lock(state_->mutex);
  FakeIssue& state = state_->issues[issue];
  seer_of(state);
  const auto at = SysClock::now() - spec.ago;
  SeerRun& run = state_->seer_create_run(issue, spec.stopping_point, "root_cause",
                                         /*by_post=*/false, at);
  (spec.explorer_field ? state.explorer_last_triggered : state.last_triggered) = at;
  if (spec.status == "error") {
    run.phases.resize(1);
    run.phases[0].state.status = "error";
    run.phases[0].state.blocks.clear();
  }
  if (spec.status != "processing") {  // already at its end
    for (auto& phase : run.phases) phase.shown_at = at;
    run.shown = static_cast<std::ptrdiff_t>(run.phases.size()) - 1;
  }
  return run.info.run_id;
}

std::int64_t FakeSentry::start_run_elsewhere(std::int64_t issue, std::string stopping_point,
                                             std::chrono::minutes ago, std::string status) {
  return start_run_elsewhere(issue, ElsewhereRun{.stopping_point = std::move(stopping_point),
                                                 .ago = ago,
                                                 .status = std::move(status)});
}

void FakeSentry::act_then_hang(std::int64_t issue, std::chrono::milliseconds act_after) {
  std::lock_guard lock(state_->mutex);
  seer_of(state_->issues[issue]).faults.push_back(StartFault{.hang = true, .act_after = act_after});
}

void FakeSentry::fail_start(std::int64_t issue, int status, std::string body, bool acted) {
  std::lock_guard lock(state_->mutex);
  seer_of(state_->issues[issue])
      .faults.push_back(StartFault{.response = {status, std::move(body), {}}, .acted = acted});
}

void FakeSentry::set_autofix_setup(std::int64_t issue, AutofixSetupSpec setup) {
  std::lock_guard lock(state_->mutex);
  state_->issues[issue].setup = setup;
}

std::vector<SeerRunInfo> FakeSentry::seer_runs(std::int64_t issue) const {
  std::lock_guard lock(state_->mutex);
  state_->seer_settle();
  std::vector<SeerRunInfo> out;
  auto it = state_->issues.find(issue);
  if (it == state_->issues.end() || !it->second.seer) return out;
  for (const auto& run : it->second.seer->runs) out.push_back(run.info);
  return out;
}

std::size_t FakeSentry::seer_runs_created(std::int64_t issue) const {
  return seer_runs(issue).size();
}

std::vector<std::int64_t> FakeSentry::seer_run_ids(std::int64_t issue) const {
  std::vector<std::int64_t> out;
  for (const auto& run : seer_runs(issue)) out.push_back(run.run_id);
  return out;
}

std::vector<RecordedRequest> FakeSentry::start_posts(std::int64_t issue) const {
  std::vector<RecordedRequest> out;
  const std::string path = autofix_path(issue);
  for (auto& r : requests()) {
    if (r.method == "POST" && r.path == path && !is_continuation(r)) out.push_back(std::move(r));
  }
  return out;
}

std::vector<RecordedRequest> FakeSentry::continuation_posts(std::int64_t issue) const {
  std::vector<RecordedRequest> out;
  const std::string path = autofix_path(issue);
  for (auto& r : requests()) {
    if (r.method == "POST" && r.path == path && is_continuation(r)) out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> FakeSentry::start_post_bodies(std::int64_t issue) const {
  std::vector<std::string> out;
  for (auto& r : start_posts(issue)) out.push_back(std::move(r.body));
  return out;
}

std::vector<std::string> FakeSentry::continuation_post_bodies(std::int64_t issue) const {
  std::vector<std::string> out;
  for (auto& r : continuation_posts(issue)) out.push_back(std::move(r.body));
  return out;
}

std::vector<std::string> FakeSentry::issue_list_targets() const {
  const std::string list = "/api/0/organizations/" + options_.org + "/issues/";
  std::vector<std::string> out;
  for (auto& r : requests()) {
    if (r.method == "GET" && r.path == list) out.push_back(std::move(r.target));
  }
  return out;
}

}  // namespace autofixd::testing
