// The agent ("explorer") autofix state: lowercase status, results in
// blocks[] and repo_pr_states{} (SeerRunState in src/sentry/seer/agent/
// client_models.py; artifact schemas in seer/autofix/artifact_schemas.py).

#include <map>
#include <utility>

#include "sentry/autofix_shapes.hpp"
#include "sentry/json_fields.hpp"

namespace autofixd::sentry::autofix_shapes {
namespace {

namespace jf = json_fields;
using Json = nlohmann::json;

// Strings of a list field; items of other types are skipped.
void append_strings(const Json& object, std::string_view key, std::string_view prefix,
                    std::vector<std::string>& out) {
  for (const Json& item : jf::array(object, key)) {
    if (item.is_string() && !item.get_ref<const std::string&>().empty()) {
      out.push_back(std::string(prefix) + item.get<std::string>());
    }
  }
}

void read_root_cause(const Json& data, AutofixState& state) {
  state.root_cause = jf::text(data, "one_line_description");
  state.root_cause_details.clear();
  append_strings(data, "five_whys", "", state.root_cause_details);
  append_strings(data, "reproduction_steps", "To reproduce: ", state.root_cause_details);
  const std::string no_fix = jf::text(data, "no_code_fix_reason");
  if (!no_fix.empty()) state.root_cause_details.push_back("No code fix: " + no_fix);
}

void read_solution(const Json& data, AutofixState& state) {
  state.solution = jf::text(data, "one_line_summary");
  state.solution_steps.clear();
  for (const Json& step : jf::array(data, "steps")) {
    std::string line = step.is_string() ? step.get<std::string>()
                                        : join_title(jf::text(step, "title"), jf::text(step, "description"));
    if (!line.empty()) state.solution_steps.push_back(std::move(line));
  }
}

// Sentry's get_diffs_by_repo: the latest merged patch per (repo, path) wins,
// in the order files were first touched.
class PatchCollector {
 public:
  void add(const Json& file_patch) {
    if (!file_patch.is_object()) return;
    CodeChange change;
    change.repo = jf::text(file_patch, "repo_name");
    if (const Json* patch = jf::find_value(file_patch, "patch")) change.path = jf::text(*patch, "path");
    change.diff = jf::text(file_patch, "diff");
    auto key = std::make_pair(change.repo, change.path);
    const auto [it, inserted] = index_.emplace(std::move(key), changes_.size());
    if (inserted) {
      changes_.push_back(std::move(change));
    } else {
      changes_[it->second] = std::move(change);
    }
  }
  std::vector<CodeChange> take() { return std::move(changes_); }

 private:
  std::map<std::pair<std::string, std::string>, std::size_t> index_;
  std::vector<CodeChange> changes_;
};

// The pipeline step a block belongs to: message.metadata.step.
std::string block_step(const Json& block) {
  const Json* message = jf::find_value(block, "message");
  const Json* metadata = message != nullptr ? jf::find_value(*message, "metadata") : nullptr;
  return metadata != nullptr ? jf::text(*metadata, "step") : std::string();
}

void read_blocks(const Json& autofix, AutofixState& state) {
  const Json* root_cause = nullptr;
  const Json* solution = nullptr;
  PatchCollector patches;
  for (const Json& block : jf::array(autofix, "blocks")) {
    if (!block.is_object()) continue;
    ++state.block_count;
    state.last_block_step = block_step(block);
    const Json* loading = jf::find_value(block, "loading");
    if (loading != nullptr && loading->is_boolean() && loading->get<bool>()) {
      state.block_loading = true;
    }
    for (const Json& artifact : jf::array(block, "artifacts")) {
      const Json* data = jf::find_value(artifact, "data");
      if (data == nullptr || !data->is_object()) continue;
      const std::string key = jf::text(artifact, "key");
      if (key == "root_cause") root_cause = data;
      if (key == "solution") solution = data;
    }
    for (const Json& file_patch : jf::array(block, "merged_file_patches")) patches.add(file_patch);
  }
  if (root_cause != nullptr) read_root_cause(*root_cause, state);
  if (solution != nullptr) read_solution(*solution, state);
  std::vector<CodeChange> changes = patches.take();
  if (!changes.empty()) state.changes = std::move(changes);
}

void read_repo_pr_states(const Json& autofix, AutofixState& state) {
  const Json* states = jf::find_value(autofix, "repo_pr_states");
  if (states == nullptr || !states->is_object()) return;
  for (const auto& [key, pr] : states->items()) {
    if (!pr.is_object()) continue;
    std::string repo = jf::text(pr, "repo_name");
    if (repo.empty()) repo = key;
    const Json* number = jf::find_value(pr, "pr_number");
    const std::string url = jf::text(pr, "pr_url");
    if (!url.empty()) {
      add_pull_request(state, PullRequest{repo, url,
                                          number != nullptr ? jf::as_integer(*number)
                                                            : std::nullopt});
    }
    state.pr_states.push_back(PrState{repo, lowercase(jf::text(pr, "pr_creation_status"))});
    const std::string error = jf::text(pr, "pr_creation_error");
    if (!error.empty()) {
      add_error_detail(state, repo + ": pull request not created: " + error);
    } else if (jf::text(pr, "pr_creation_status") == "error") {
      add_error_detail(state, repo + ": pull request not created");
    }
  }
}

// coding_agents: {id: {status, provider, name, agent_url, results[{pr_url}]}}
// (a list is accepted too). Each agent's pull requests are reported like
// Seer's own.
void read_coding_agents(const Json& autofix, AutofixState& state) {
  const Json* agents = jf::find_value(autofix, "coding_agents");
  if (agents == nullptr || !(agents->is_object() || agents->is_array())) return;
  for (const auto& [key, agent] : agents->items()) {
    if (!agent.is_object()) continue;
    CodingAgent out;
    out.id = jf::text(agent, "id");
    if (out.id.empty() && agents->is_object()) out.id = key;
    out.name = jf::text(agent, "name");
    out.provider = jf::text(agent, "provider");
    out.status = lowercase(jf::text(agent, "status"));
    out.agent_url = jf::text(agent, "agent_url");
    std::string pr_url = jf::text(agent, "pr_url");
    if (!pr_url.empty()) add_pull_request(state, PullRequest{out.name, pr_url, std::nullopt});
    for (const Json& result : jf::array(agent, "results")) {
      pr_url = jf::text(result, "pr_url");
      const std::string repo = jf::text(result, "repo_full_name");
      if (!pr_url.empty()) {
        add_pull_request(state, PullRequest{repo.empty() ? out.name : repo, pr_url, std::nullopt});
      }
    }
    if (out.status == "failed" || out.status == "error") {
      add_error_detail(state, "coding agent " + (out.name.empty() ? out.id : out.name) + " failed");
    }
    state.coding_agents.push_back(std::move(out));
  }
}

// PendingUserInput is {id, input_type, data{...}}; the data keys are not
// documented, so take the first text-like one.
std::string pending_question(const Json& autofix) {
  const Json* pending = jf::find_value(autofix, "pending_user_input");
  if (pending == nullptr) return {};
  if (pending->is_string()) return pending->get<std::string>();
  const Json* data = jf::find_value(*pending, "data");
  for (const Json* source : {data, pending}) {
    if (source == nullptr) continue;
    for (const std::string_view key : {"question", "message", "text", "prompt"}) {
      std::string value = jf::text(*source, key);
      if (!value.empty()) return value;
    }
  }
  return {};
}

}  // namespace

void read_agent(const Json& autofix, Context& context) {
  read_blocks(autofix, context.state);
  read_repo_pr_states(autofix, context.state);
  read_coding_agents(autofix, context.state);
  std::string question = pending_question(autofix);
  if (!question.empty()) context.question = std::move(question);
}

}  // namespace autofixd::sentry::autofix_shapes
