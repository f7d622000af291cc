#include "integration/fake_sentry_seer_json.hpp"

#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

namespace autofixd::testing {

namespace {

using Json = nlohmann::json;

Json null_if(bool empty, Json value) { return empty ? Json(nullptr) : std::move(value); }

Json root_cause_artifact(const SeerTexts& t) {
  return {
      {"key", "root_cause"},
      {"reason", "root cause identified"},
      {"data",
       {{"one_line_description", t.root_cause},
        {"five_whys",
         {"compute_total raises TypeError", "discount is None",
          "Invoice.discount is nullable and has no default"}},
        {"reproduction_steps", {"Create an invoice without a coupon", "Call compute_total on it"}},
        {"relevant_repo", t.repo},
        {"classification", "code_fix"},
        {"no_code_fix_reason", nullptr},
        {"analyzed_window", nullptr}}}};
}

Json solution_artifact(const SeerTexts& t) {
  return {{"key", "solution"},
          {"reason", "plan ready"},
          {"data",
           {{"one_line_summary", t.solution},
            {"steps",
             {{{"title", "Default the discount"},
               {"description", "Use `discount or 0` in compute_total."}},
              {{"title", "Add a regression test"},
               {"description", "Cover invoices without a coupon."}}}}}}};
}

Json file_patches(const SeerTexts& t) {
  const std::string path = "app/billing/invoice.py";
  return Json::array({{{"repo_name", t.repo},
                       {"patch",
                        {{"path", path},
                         {"type", "M"},
                         {"added", 1},
                         {"removed", 1},
                         {"source_file", path},
                         {"target_file", path},
                         {"hunks", Json::array()}}},
                       {"diff", "--- a/" + path + "\n+++ b/" + path +
                                    "\n@@ -40,1 +40,1 @@\n-    total = subtotal + discount\n"
                                    "+    total = subtotal + (discount or 0)\n"}}});
}

Json empty_block(std::string id, std::string role, std::string content, Json metadata) {
  return {{"id", std::move(id)},
          {"message",
           {{"role", std::move(role)},
            {"content", std::move(content)},
            {"tool_calls", nullptr},
            {"metadata", std::move(metadata)}}},
          {"timestamp", "2026-01-02T00:00:00.000000"},
          {"loading", false},
          {"artifacts", Json::array()},
          {"file_patches", Json::array()},
          {"merged_file_patches", Json::array()}};
}

// The assistant's reply for one step; the artifact only once it is done.
Json reply_block(const SeerBlockSpec& b, const SeerTexts& t, std::string id, Json metadata) {
  Json block = empty_block(std::move(id), "assistant",
                           b.loading ? "" : "Finished the " + b.step + " step.", metadata);
  block["loading"] = b.loading;
  if (b.loading) return block;
  if (b.step == "root_cause") block["artifacts"].push_back(root_cause_artifact(t));
  if (b.step == "solution") block["artifacts"].push_back(solution_artifact(t));
  if (b.step == "code_changes") {
    block["file_patches"] = file_patches(t);
    block["merged_file_patches"] = file_patches(t);
  }
  return block;
}

Json blocks(const AgentRunSpec& spec) {
  Json out = Json::array();
  for (const auto& b : spec.blocks) {
    Json step{{"step", b.step}};
    const std::string id = "b" + std::to_string(out.size()) + "-" + b.step;
    if (spec.style == BlockStyle::reply_only) {
      out.push_back(reply_block(b, spec.texts, id, step));
      continue;
    }
    step["referrer"] = "group_autofix_endpoint";
    out.push_back(empty_block(id, "user", "Please do the " + b.step + " step.", step));
    out.push_back(reply_block(b, spec.texts, "b" + std::to_string(out.size()) + "-reply", nullptr));
  }
  return out;
}

Json pr_states(const AgentRunSpec& spec) {
  Json out = Json::object();
  for (const auto& pr : spec.prs) {
    out[pr.repo] = {{"repo_name", pr.repo},
                    {"provider", "github"},
                    {"branch_name", "seer/fix-missing-discount"},
                    {"pr_number", null_if(pr.pr_number == 0, pr.pr_number)},
                    {"pr_url", null_if(pr.pr_url.empty(), pr.pr_url)},
                    {"pr_id", null_if(pr.pr_number == 0, 2088000000 + pr.pr_number)},
                    {"commit_sha", null_if(pr.status != "completed", "9f1c2ab")},
                    {"pr_creation_status", pr.status},
                    {"pr_creation_error", null_if(pr.error.empty(), pr.error)},
                    {"title", "fix(billing): treat a missing discount as zero"},
                    {"description", spec.texts.solution},
                    {"integration_id", nullptr}};
  }
  return out;
}

Json coding_agents(const AgentRunSpec& spec) {
  Json out = Json::object();
  for (const auto& a : spec.coding_agents) {
    Json results = Json::array();
    if (!a.pr_url.empty()) {
      results.push_back({{"description", "Fixed the missing discount."},
                         {"repo_provider", "github"},
                         {"repo_full_name", a.repo},
                         {"pr_number", null_if(a.pr_number == 0, a.pr_number)},
                         {"pr_url", a.pr_url}});
    }
    out[a.id] = {{"id", a.id},
                 {"status", a.status},
                 {"agent_url", "https://cursor.com/agents?id=" + a.id},
                 {"provider", a.provider},
                 {"name", a.name},
                 {"started_at", "2026-01-02T00:00:00.000000Z"},
                 {"results", results},
                 {"integration_id", null_if(a.integration_id == 0, a.integration_id)}};
  }
  return out;
}

}  // namespace

std::string sentry_time(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto secs = time_point_cast<seconds>(t);
  const auto micros = duration_cast<microseconds>(t - secs).count();
  const std::time_t tt = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char out[96];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros));
  return out;
}

std::string seer_run_uuid(std::int64_t run_id) {
  char out[40];
  std::snprintf(out, sizeof out, "5eef0000-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(run_id));
  return out;
}

std::string agent_run_json(const AgentRunSpec& spec) {
  Json pending = nullptr;
  if (!spec.question.empty()) {
    pending = {{"id", "input-" + std::to_string(spec.run_id)},
               {"input_type", "ask_user_question"},
               {"data", {{"question", spec.question}}}};
  }
  Json autofix{
      {"run_id", spec.run_id},
      {"sentry_run_id",
       spec.sentry_run_id.empty() ? seer_run_uuid(spec.run_id) : spec.sentry_run_id},
      {"status", spec.status},
      {"blocks", blocks(spec)},
      {"updated_at",
       spec.updated_at.empty() ? sentry_time(std::chrono::system_clock::now()) : spec.updated_at},
      {"pending_user_input", pending},
      {"repo_pr_states", pr_states(spec)},
      {"coding_agents", coding_agents(spec)},
      {"pr_iteration_enabled", false},
      {"queued_feedback", Json::array()},
      {"warnings", Json::array()}};
  return Json{{"autofix", autofix}}.dump();
}

std::string autofix_setup_json(const AutofixSetupSpec& spec) {
  return Json{
      {"integration",
       {{"ok", spec.integration_ok},
        {"reason", null_if(spec.integration_ok, "integration_missing")}}},
      {"setupAcknowledgement", {{"orgHasAcknowledged", true}, {"userHasAcknowledged", true}}},
      {"billing", {{"hasAutofixQuota", spec.has_quota}}},
      {"seerReposLinked", spec.repos_linked},
      {"autofixEnabled", spec.automation_enabled}}
      .dump();
}

}  // namespace autofixd::testing
