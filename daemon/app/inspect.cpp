// `explain` and `runs`: read-only views for operators.
#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "app/listing_view.hpp"
#include "app/terminal_text.hpp"
#include "intake/envelope.hpp"
#include "runs/processor.hpp"
#include "sentry/sentry_client.hpp"
#include "store/store.hpp"

namespace autofixd::app {

namespace {

// Sentry-Hook-Resource is a header, not in the body: infer it from the body.
std::string infer_resource(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_object()) return "issue";
  const auto& data = j["data"];
  if (data.contains("event")) return "event_alert";
  if (data.contains("error")) return "error";
  if (data.contains("run_id")) return "seer";
  if (data.contains("comment")) return "comment";
  return "issue";
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cli.read", "cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

rules::History read_history(const config::Config& config, IssueId issue, SysTime now) {
  auto store = store::Store::open_read_only(config.store.path);
  if (!store) return {};
  auto history = store->history(issue, now);
  return history ? *history : rules::History{};
}

void print_assessment(const runs::Assessment& a, bool dry_run, bool json) {
  const auto& d = a.decision;
  if (json) {
    nlohmann::json out = nlohmann::json::parse(rules::decision_to_json(d));
    out["facts"] = nlohmann::json::parse(rules::facts_to_json(a.facts));
    out["details_fetched"] = a.details_fetched;
    if (!a.details_error.empty()) out["details_error"] = a.details_error;
    out["dry_run"] = dry_run;
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << "issue " << a.facts.issue.value << ": " << rules::to_string(d.outcome);
  if (!d.rule.empty()) std::cout << " (rule \"" << d.rule << "\")";
  std::cout << "\n  reason: " << d.reason << "\n  " << d.detail << "\n";
  for (const auto& r : d.rejections) {
    std::cout << "  - rule \"" << r.rule << "\": " << r.filter << ": " << r.detail << "\n";
  }
  std::cout << "  facts: " << rules::facts_to_json(a.facts)
            << (a.details_fetched ? " (fresh from Sentry)" : " (from the payload only)") << "\n";
  if (!a.details_error.empty()) std::cout << "  issue details: " << a.details_error << "\n";
  if (dry_run && d.outcome == rules::Outcome::start) {
    std::cout << "  (dry-run: the daemon would record this and start nothing)\n";
  }
}

}  // namespace

int explain(const CommonOptions& options, const std::string& payload_path,
            const std::string& resource_option) {
  auto config = load_or_report(options);
  if (!config) return 1;
  auto body = read_file(payload_path);
  if (!body) {
    std::cerr << "autofixd: " << body.error().message << "\n";
    return 1;
  }
  const auto resource = resource_option.empty() ? infer_resource(*body) : resource_option;
  auto envelope = intake::parse_envelope(resource, *body);
  if (!envelope) {
    std::cerr << "autofixd: " << payload_path << ": " << envelope.error().message << "\n";
    return 1;
  }
  if (envelope->handling != intake::Handling::evaluate) {
    std::cout << resource << "." << envelope->action
              << ": not evaluated by rules (autofixd acknowledges and ignores it"
              << (envelope->handling == intake::Handling::advance ? ", or uses it to poll a run"
                                                                   : "")
              << ")\n";
    return 0;
  }
  const auto now = std::chrono::system_clock::now();
  const auto history = read_history(*config, envelope->facts.issue, now);
  net::io_context ioc;
  std::unique_ptr<sentry::SentryClient> client;
  if (!config->dry_run()) client = std::make_unique<sentry::SentryClient>(ioc.get_executor(), config->sentry);
  // assess() only reads from Sentry (issue details); it never writes.
  std::optional<Result<runs::Assessment>> outcome;
  auto task = [&]() -> net::awaitable<void> {
    outcome.emplace(co_await runs::assess(client.get(), *config, envelope->facts, history, now));
  };
  auto future = net::co_spawn(ioc, task(), net::use_future);
  ioc.run();
  future.get();  // rethrows what the task threw
  auto& assessed = *outcome;
  if (!assessed) {
    std::cerr << "autofixd: " << assessed.error().message << "\n";
    return 1;
  }
  print_assessment(*assessed, config->dry_run(), options.json);
  return 0;
}

int list_runs(const CommonOptions& options, const std::optional<std::string>& state, int limit) {
  auto config = load_or_report(options);
  if (!config) return 1;
  std::optional<store::RunState> filter;
  if (state) {
    filter = store::parse_run_state(*state);
    if (!filter) {
      std::cerr << "autofixd: --state " << *state
                << ": expected one of pending, starting, running, completed, failed, "
                   "needs_input, timed_out, cancelled\n";
      return 1;
    }
  }
  auto store = store::Store::open_read_only(config->store.path);
  if (!store) {
    if (options.json) {
      std::cout << "[]\n";
      return 0;
    }
    std::cerr << "autofixd: " << store.error().message << "\n";
    return 1;
  }
  auto runs = store->list_runs(filter, limit);
  if (!runs) {
    std::cerr << "autofixd: " << runs.error().message << "\n";
    return 1;
  }
  // Which runs operators started (`autofixd start` / `retry`); a store from
  // before schema 8 has no such runs.
  std::vector<RunId> ids;
  for (const auto& r : *runs) ids.push_back(r.id);
  auto started = store->operator_started(ids);
  const auto marks = started ? *started : std::map<std::int64_t, std::string>{};
  auto mark = [&marks](const store::RunRow& r) {
    auto it = marks.find(r.id.value);
    return it == marks.end() ? std::string() : it->second;
  };
  if (options.json) {
    auto out = nlohmann::json::array();
    for (const auto& r : *runs) out.push_back(run_json(r, mark(r)));
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (auto pause = store->pause_state(); pause && *pause) {
    std::cout << "automation " << cell(describe_pause(**pause), 1000) << "\n\n";
  }
  std::cout << run_heading();
  for (const auto& r : *runs) std::cout << run_line(r, mark(r));
  if (runs->empty()) std::cout << "(no runs" << (state ? " in that state" : "") << ")\n";
  return 0;
}

}  // namespace autofixd::app
