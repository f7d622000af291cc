// `queue`: the starts a budget or the kill switch holds back, in the order
// they will start, and what each budget has left. Read-only.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "app/terminal_text.hpp"
#include "rules/budget.hpp"
#include "store/store.hpp"
#include "util/time_format.hpp"

namespace autofixd::app {
namespace {

using Json = nlohmann::json;

// Entries printed; the total is always shown.
constexpr int kQueueShown = 1000;

constexpr const char* kRanks[] = {"high", "medium", "low", "-"};

const char* priority_name(int rank) { return kRanks[rank >= 0 && rank <= 3 ? rank : 3]; }

struct Limit {
  std::string name;  // "[budget] max_runs_per_hour", "rule r max_runs_per_day"
  std::optional<std::int64_t> limit;
  std::int64_t used = 0;
};

std::vector<Limit> limits(const config::Config& config, const rules::BudgetUsage& usage) {
  const rules::WindowCounts all = rules::counted_for_budget(usage);
  std::vector<Limit> out{
      {"[budget] max_runs_per_hour", config.budget.max_runs_per_hour, all.last_hour},
      {"[budget] max_runs_per_day", config.budget.max_runs_per_day, all.last_24h},
      {"[budget] max_active_runs", config.budget.max_active_runs, usage.active_runs}};
  for (const config::Rule& rule : config.rules) {
    const auto it = usage.by_rule.find(rule.name);
    const rules::WindowCounts mine = it == usage.by_rule.end() ? rules::WindowCounts{} : it->second;
    out.push_back(
        {"rule " + rule.name + " max_runs_per_hour", rule.max_runs_per_hour, mine.last_hour});
    out.push_back(
        {"rule " + rule.name + " max_runs_per_day", rule.max_runs_per_day, mine.last_24h});
  }
  return out;
}

Json optional_json(const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

Json queue_json(const std::vector<store::QueueRow>& rows) {
  Json out = Json::array();
  int position = 0;
  for (const store::QueueRow& q : rows) {
    out.push_back(
        {{"position", ++position},
         {"issue_id", q.issue.str()},
         {"short_id", json_text(q.issue_short_id)},
         {"title", json_text(q.issue_title)},
         {"rule", json_text(q.rule)},
         {"reason", json_text(q.reason)},
         {"detail", json_text(q.detail)},
         {"priority", q.priority_rank < 3 ? Json(priority_name(q.priority_rank)) : Json(nullptr)},
         {"events", optional_json(q.events)},
         {"fixability", q.fixability ? Json(*q.fixability) : Json(nullptr)},
         {"queued_at", format_utc(q.queued_at)},
         {"expires_at", format_utc(q.expires_at)}});
  }
  return out;
}

void print_text(const rules::BudgetUsage& usage, const std::vector<Limit>& budget,
                const std::vector<store::QueueRow>& rows, std::int64_t total, bool simulated) {
  const std::string paused = cell(usage.paused, 1000);
  std::printf("automation: %s\n", paused.empty() ? "starting runs" : paused.c_str());
  if (simulated) {
    std::printf(
        "(observe mode or dry-run: would-be starts count against [budget] as if they "
        "had started)\n");
  }
  std::printf("\n%-44s %8s %8s %8s\n", "BUDGET", "LIMIT", "USED", "LEFT");
  for (const Limit& l : budget) {
    if (!l.limit) continue;
    std::printf("%-44s %8lld %8lld %8lld\n", l.name.c_str(), static_cast<long long>(*l.limit),
                static_cast<long long>(l.used),
                static_cast<long long>(*rules::room_left(l.limit, l.used)));
  }
  std::printf("\nqueue: %lld waiting\n", static_cast<long long>(total));
  if (rows.empty()) return;
  std::printf("%4s  %-14s %-20s %-22s %-8s %8s %6s  %-20s %-20s\n", "#", "ISSUE", "RULE", "REASON",
              "PRIORITY", "EVENTS", "FIX", "QUEUED", "EXPIRES");
  int position = 0;
  for (const store::QueueRow& q : rows) {
    const std::string issue =
        q.issue_short_id.empty() ? q.issue.str() : cell(q.issue_short_id, 100);
    const std::string rule = cell(q.rule, 100);
    const std::string reason = cell(q.reason, 100);
    const std::string events = q.events ? std::to_string(*q.events) : "-";
    char fix[16] = "-";
    if (q.fixability) std::snprintf(fix, sizeof fix, "%.2f", *q.fixability);
    std::printf("%4d  %-14s %-20s %-22s %-8s %8s %6s  %-20s %-20s\n", ++position, issue.c_str(),
                rule.c_str(), reason.c_str(), priority_name(q.priority_rank), events.c_str(), fix,
                format_utc(q.queued_at).c_str(), format_utc(q.expires_at).c_str());
  }
  if (total > static_cast<std::int64_t>(rows.size())) {
    std::printf("(%lld more not shown)\n", static_cast<long long>(total) - position);
  }
}

}  // namespace

int show_queue(const CommonOptions& options) {
  auto config = load_or_report(options);
  if (!config) return 1;
  const std::string& path = config->store.path;
  auto store = open_existing_store(*config);
  if (!store) return 1;
  const auto now = std::chrono::system_clock::now();
  auto usage = store->budget_usage(now);
  auto rows = store->queued(kQueueShown);
  auto total = store->queue_size();
  if (!usage || !rows || !total) {
    const Error& e = !usage ? usage.error() : !rows ? rows.error() : total.error();
    std::cerr << "autofixd: cannot read the queue from store " << path << ": " << e.message << "\n";
    return 1;
  }
  usage->simulated = config->dry_run() || config->automation.mode == config::Mode::observe;
  const std::vector<Limit> budget = limits(*config, *usage);
  if (!options.json) {
    print_text(*usage, budget, *rows, *total, usage->simulated);
    return 0;
  }
  Json budgets = Json::array();
  for (const Limit& l : budget) {
    budgets.push_back({{"name", l.name},
                       {"limit", optional_json(l.limit)},
                       {"used", l.used},
                       {"left", optional_json(rules::room_left(l.limit, l.used))}});
  }
  const Json out{{"paused", usage->paused.empty() ? Json(nullptr) : Json(json_text(usage->paused))},
                 {"simulated", usage->simulated},
                 {"budgets", std::move(budgets)},
                 {"queue_size", *total},
                 {"queue", queue_json(*rows)}};
  std::cout << out.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  return 0;
}

}  // namespace autofixd::app
