// FakeSentry's Seer POST .../autofix/: start a run, or continue one (as
// GroupAutofixEndpoint.post and ExplorerAutofixRequestSerializer do in
// src/sentry/seer/endpoints/group_ai_autofix.py, newest).

#include <algorithm>

#include <nlohmann/json.hpp>

#include "integration/fake_sentry_state.hpp"

namespace autofixd::testing {

namespace {

using Json = nlohmann::json;

constexpr const char* kSteps[] = {"root_cause",   "solution", "code_changes",
                                  "pr_iteration", "open_pr",  "coding_agent_handoff"};
constexpr const char* kStoppingPoints[] = {"root_cause", "solution", "code_changes", "open_pr"};

FakeResponse json_response(int status, const Json& body) {
  return FakeResponse{status, body.dump(), {}};
}

FakeResponse detail(int status, std::string text) {
  return json_response(status, Json{{"detail", std::move(text)}});
}

// A serializer field by its snake_case or camelCase name (CamelSnakeSerializer).
const Json* field(const Json& body, const char* snake, const char* camel) {
  if (auto it = body.find(snake); it != body.end() && !it->is_null()) return &*it;
  if (auto it = body.find(camel); it != body.end() && !it->is_null()) return &*it;
  return nullptr;
}

template <std::size_t N>
bool one_of(const std::string& value, const char* const (&choices)[N]) {
  return std::find(std::begin(choices), std::end(choices), value) != std::end(choices);
}

FakeResponse invalid_choice(const char* name, const std::string& value) {
  return json_response(400, Json{{name, {"\"" + value + "\" is not a valid choice."}}});
}

// Whether any issue of the organization has a run with this uuid.
bool known_uuid(const std::map<std::int64_t, FakeIssue>& issues, const std::string& uuid) {
  for (const auto& [id, issue] : issues) {
    if (!issue.seer) continue;
    for (const auto& run : issue.seer->runs) {
      if (run.info.sentry_run_id == uuid) return true;
    }
  }
  return false;
}

Json ids(const SeerRun& run) {
  return Json{{"run_id", run.info.run_id}, {"sentry_run_id", run.info.sentry_run_id}};
}

// A coding agent takes `run` over (trigger_coding_agent_handoff); the 202
// body: the launch result.
Json hand_off(SeerRun& run, const SeerOptions& options, const Json* integration,
              const Json* provider) {
  AgentRunSpec now = cut_at_now(run);
  SeerCodingAgentSpec agent{.id = "agent-" + std::to_string(run.info.run_id) + "-" +
                                  std::to_string(now.coding_agents.size() + 1),
                            .repo = run.texts.repo};
  if (provider && provider->is_string()) agent.provider = provider->get<std::string>();
  if (integration && integration->is_number_integer()) {
    agent.integration_id = integration->get<std::int64_t>();
  }
  auto more = plan_handoff(std::move(now), agent, options);
  run.phases.insert(run.phases.end(), more.begin(), more.end());
  Json launched = Json::parse(agent_run_json(AgentRunSpec{.coding_agents = {agent}}));
  Json success = Json::object();
  success["repo_name"] = agent.repo;
  success["coding_agent_state"] = launched["autofix"]["coding_agents"][agent.id];
  Json answer = Json::object();
  answer["successes"] = Json::array({success});
  answer["failures"] = Json::array();
  return answer;
}

}  // namespace

FakeResponse FakeSentry::State::seer_post(const RecordedRequest& request, std::int64_t issue) {
  const SeerOptions& options = issues[issue].seer->options;
  Json body = Json::parse(request.body.empty() ? "{}" : request.body, nullptr, false);
  if (!body.is_object()) return detail(400, "JSON parse error");
  const Json* step_field = field(body, "step", "step");
  const Json* stop_field = field(body, "stopping_point", "stoppingPoint");
  std::string step =
      step_field && step_field->is_string() ? step_field->get<std::string>() : "root_cause";
  std::string stop = stop_field && stop_field->is_string() ? stop_field->get<std::string>() : "";
  if (!one_of(step, kSteps)) return invalid_choice("step", step);
  if (stop_field && !one_of(stop, kStoppingPoints)) return invalid_choice("stopping_point", stop);
  if (!stop.empty()) step = "root_cause";  // a stopping point forces the run from root_cause
  const Json* uuid = field(body, "sentry_run_id", "sentryRunId");
  const Json* run_id = field(body, "run_id", "runId");
  if (uuid && (!uuid->is_string() || uuid->get<std::string>().size() != 36)) {
    return json_response(400, Json{{"sentry_run_id", {"Must be a valid UUID."}}});
  }
  if (run_id && !run_id->is_number_integer()) {
    return json_response(400, Json{{"run_id", {"A valid integer is required."}}});
  }
  if (options.access != SeerAccess::enabled) {
    return detail(403, "You are not authorized to perform this action");
  }
  if (!uuid && !run_id) {
    if (step == "open_pr" || step == "pr_iteration") {
      return detail(400, "run_id is required for " + step);
    }
    if (step == "coding_agent_handoff") {
      return detail(400,
                    "run_id and either integration_id or provider are required for "
                    "coding_agent_handoff");
    }
    return seer_start(request, issue, step, stop);
  }
  if (uuid && !known_uuid(issues, uuid->get<std::string>())) {
    return json_response(404, Json{{"session", nullptr}});  // resolve_seer_run
  }
  SeerRun* run = uuid ? seer_find_uuid(issue, uuid->get<std::string>())
                      : seer_find_run(issue, run_id->get<std::int64_t>());
  if (!run) return FakeResponse{404, "", {}};  // UNKNOWN_RUN_ID_FOR_GROUP: no body
  return seer_continue(issue, *run, step, body);
}

FakeResponse FakeSentry::State::seer_start(const RecordedRequest& request, std::int64_t issue,
                                           const std::string& step,
                                           const std::string& stopping_point) {
  FakeIssue& state = issues[issue];
  SeerIssue& seer = *state.seer;
  if (!seer.faults.empty()) {
    StartFault fault = seer.faults.front();
    seer.faults.pop_front();
    if (fault.hang) {
      seer.pending.push_back({request.received_at + fault.act_after, stopping_point, step});
      hang_next = true;
      return FakeResponse{};
    }
    if (fault.acted) seer_create_run(issue, stopping_point, step, true, SysClock::now());
    return fault.response;
  }
  if (!state.setup.has_quota) return json_response(402, "No budget for Seer Autofix.");
  const SeerRun& run = seer_create_run(issue, stopping_point, step, true, SysClock::now());
  return json_response(202, ids(run));
}

FakeResponse FakeSentry::State::seer_continue(std::int64_t issue, SeerRun& run,
                                              const std::string& step, const Json& body) {
  FakeIssue& state = issues[issue];
  const SeerOptions& o = state.seer->options;
  if (step == "pr_iteration") {
    return detail(400, "PR iteration is not enabled for this organization");
  }
  const Json* integration = field(body, "integration_id", "integrationId");
  const Json* provider = field(body, "provider", "provider");
  if (step == "coding_agent_handoff" && !integration && !provider) {
    return detail(400,
                  "run_id and either integration_id or provider are required for "
                  "coding_agent_handoff");
  }
  if (step == "coding_agent_handoff" && integration && provider) {
    return detail(400, "Cannot specify both integration_id and provider");
  }
  run.bumped = ++trigger_sequence;
  ++run.info.continuations;
  if (o.stamps == TriggerStamp::on_step_triggers) state.last_triggered = SysClock::now();
  if (step != "coding_agent_handoff") {
    AgentRunSpec now = cut_at_now(run);
    auto more = plan_step(std::move(now), step, PlanContext{run.info.stopping_point, &o});
    run.phases.insert(run.phases.end(), more.begin(), more.end());
    return json_response(202, ids(run));
  }
  return json_response(202, hand_off(run, o, integration, provider));
}

}  // namespace autofixd::testing
