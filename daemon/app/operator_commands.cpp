// autofixd start / retry / cancel: operator requests through the store. The
// CLI writes a request row with who asked; the running daemon acts within
// seconds and answers on the row (runs/processor_operator.cpp,
// runs/engine_cancel.cpp); the CLI waits for that answer and prints it.
#include <chrono>
#include <iostream>
#include <thread>
#include <variant>

#include "app/commands.hpp"
#include "app/decision_view.hpp"
#include "app/terminal_text.hpp"

namespace autofixd::app {
namespace {

constexpr std::chrono::milliseconds kAnswerPoll{200};

// The numeric issue id `text` names: the id itself, or a short id such as
// BACKEND-12 looked up in the stored decisions' facts (the newest that
// names it). Prints why not and returns the exit code otherwise: 2 for text
// that is neither, 1 for a short id no stored decision names.
std::variant<IssueId, int> resolve_issue(const CommonOptions& options, const std::string& text) {
  const auto filter = parse_issue_filter(text);
  if (!filter || (filter->issue && filter->issue->value <= 0)) {
    std::cerr << "autofixd: ISSUE_ID must be Sentry's numeric issue id (e.g. 1170820242) or a "
                 "short id (e.g. BACKEND-12), not \""
              << cell(text, 80) << "\"\n";
    return 2;
  }
  if (filter->issue) return *filter->issue;
  auto store = open_store(options);
  if (!store) return 1;
  auto named = store->list_decisions(*filter, 1);
  if (!named) {
    std::cerr << "autofixd: cannot read decisions: " << named.error().message << "\n";
    return 1;
  }
  if (named->empty()) {
    std::cerr << "autofixd: no stored decision names the short id " << cell(text, 80)
              << ", so its numeric id is not known here; give Sentry's numeric issue id (the "
                 "number in the issue's URL)\n";
    return 1;
  }
  std::cout << cell(text, 80) << " is issue " << named->front().issue.value << "\n";
  return named->front().issue;
}

std::string what(const store::NewOperatorRequest& ask) {
  if (ask.action == store::OperatorAction::start) {
    return "start issue " + ask.issue.value_or(IssueId{0}).str() +
           (ask.rule.empty() ? "" : " (rule \"" + ask.rule + "\")");
  }
  return std::string(store::to_string(ask.action)) + " run " + ask.run.value_or(RunId{0}).str();
}

// Refuses at once what the daemon would refuse for the run's state (the
// daemon checks again: the state may change meanwhile). Returns the reason.
std::optional<std::string> refuse_early(const store::NewOperatorRequest& ask,
                                        const store::RunRow& run) {
  const std::string state(store::to_string(run.state));
  if (ask.action == store::OperatorAction::retry && run.state != store::RunState::failed &&
      run.state != store::RunState::timed_out) {
    return "run " + run.id.str() + " is " + state +
           "; only failed or timed_out runs can be retried";
  }
  if (ask.action == store::OperatorAction::cancel &&
      (store::is_terminal(run.state) || run.finished_at)) {
    return "run " + run.id.str() + " already ended " + state +
           "; only active runs can be cancelled";
  }
  return std::nullopt;
}

int print_answer(const store::OperatorRequest& answered) {
  std::cout << what(answered.ask) << ": " << answered.state << " (" << cell(answered.reason, 80)
            << ")\n  " << cell(answered.detail, 4000) << "\n";
  if (answered.new_run) std::cout << "  run " << answered.new_run->value << "\n";
  return answered.state == "done" ? 0 : 1;
}

// Stores the request and waits up to `wait_seconds` for the daemon's answer.
int ask_daemon(const CommonOptions& options, store::NewOperatorRequest ask, double wait_seconds) {
  auto store = open_store(options);
  if (!store) return 1;
  if (ask.run) {
    auto run = store->run(*ask.run);
    if (!run) {
      std::cerr << "autofixd: cannot read run " << ask.run->value << ": " << run.error().message
                << "\n";
      return 1;
    }
    if (!*run) {
      std::cerr << "autofixd: no run " << ask.run->value << " in the store (see `autofixd runs`)\n";
      return 1;
    }
    if (auto why = refuse_early(ask, **run)) {
      std::cout << what(ask) << ": refused\n  " << *why << "\n";
      return 1;
    }
  }
  ask.by = unix_user();
  ask.requested_at = std::chrono::system_clock::now();
  auto id = store->add_operator_request(ask);
  if (!id) {
    std::cerr << "autofixd: cannot store the request: " << id.error().message << "\n";
    return 1;
  }
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(std::max(wait_seconds, 0.0)));
  for (;;) {
    auto request = store->operator_request(*id);
    if (request && *request && (*request)->state != "pending") return print_answer(**request);
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(kAnswerPoll);
  }
  std::cout << what(ask) << ": not answered yet\n  request " << *id << " by " << ask.by
            << " is stored; the daemon did not answer within " << wait_seconds
            << "s (is it running?). A running daemon acts on it within seconds; a stopped one "
               "when it starts.\n";
  return kNotAnsweredYet;
}

}  // namespace

int start_issue(const CommonOptions& options, const std::string& issue, const std::string& rule,
                double wait_seconds) {
  const auto id = resolve_issue(options, issue);
  if (const int* exit_code = std::get_if<int>(&id)) return *exit_code;
  store::NewOperatorRequest ask;
  ask.action = store::OperatorAction::start;
  ask.issue = std::get<IssueId>(id);
  ask.rule = rule;
  if (!rule.empty()) {
    auto config = load_or_report(options);
    if (!config) return 1;
    if (config->find_rule(rule) == nullptr) {
      std::cerr << "autofixd: --rule \"" << cell(rule, 80) << "\": no such rule in "
                << options.config_path << "\n";
      return 2;
    }
  }
  return ask_daemon(options, std::move(ask), wait_seconds);
}

int retry_run(const CommonOptions& options, std::int64_t run, double wait_seconds) {
  store::NewOperatorRequest ask;
  ask.action = store::OperatorAction::retry;
  ask.run = RunId{run};
  return ask_daemon(options, std::move(ask), wait_seconds);
}

int cancel_run(const CommonOptions& options, std::int64_t run, double wait_seconds) {
  store::NewOperatorRequest ask;
  ask.action = store::OperatorAction::cancel;
  ask.run = RunId{run};
  return ask_daemon(options, std::move(ask), wait_seconds);
}

}  // namespace autofixd::app
