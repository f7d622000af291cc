// Operators' `autofixd start ISSUE` and `autofixd retry RUN`: a decision now,
// on fresh facts, with the rule's thresholds set aside but every budget, the
// kill switch and Seer's own state applied (rules::evaluate_for_operator).
// The CLI waits for the answer on the request row.
#include <spdlog/spdlog.h>

#include "runs/decision_record.hpp"
#include "runs/processor.hpp"

namespace autofixd::runs {
namespace {

// Requests served per pass; more wait for the next one (seconds later).
constexpr int kRequestBatch = 8;

store::OperatorAnswer refused(std::string reason, std::string detail) {
  return {"refused", std::move(reason), std::move(detail)};
}

}  // namespace

net::awaitable<void> Processor::serve_operator_requests() {
  auto read = [](store::Store& s) {
    return s.pending_operator_requests(
        {store::OperatorAction::start, store::OperatorAction::retry}, kRequestBatch);
  };
  auto pending = co_await store_.call(std::move(read));
  if (!pending) {
    spdlog::error("processor: cannot read operator requests: {}", pending.error().message);
    co_return;
  }
  for (const store::OperatorRequest& request : *pending) {
    if (stopping_) co_return;
    const store::OperatorAnswer answer = co_await serve(request);
    if (answer.state.empty()) continue;  // answered with its decision, or left for later
    auto job = [id = request.id, answer, now = clock_.now()](store::Store& s) {
      return s.answer_operator_request(id, answer, now);
    };
    if (auto saved = co_await store_.call(std::move(job)); !saved) {
      spdlog::error("operator request {}: cannot record the answer: {}", request.id,
                    saved.error().message);
      continue;
    }
    spdlog::info("operator request {} ({} by {}): {} ({}): {}", request.id,
                 store::to_string(request.ask.action), request.ask.by, answer.state,
                 answer.reason, answer.detail);
  }
}

net::awaitable<store::OperatorAnswer> Processor::serve(const store::OperatorRequest& request) {
  const auto& ask = request.ask;
  if (ask.action == store::OperatorAction::start) {
    if (!ask.issue) co_return refused("bad_request", "a start request names no issue");
    // Named, not a temporary inside co_await (GCC 12; see AsyncStore::call).
    rules::OperatorAsk start{rules::OperatorAsk::Kind::start, ask.by, ask.rule};
    co_return co_await decide_for_operator(request, *ask.issue, std::move(start));
  }
  if (!ask.run) co_return refused("bad_request", "a retry request names no run");
  const RunId id = *ask.run;
  auto read = co_await store_.call([id](store::Store& s) { return s.run(id); });
  if (!read) co_return store::OperatorAnswer{};  // the store failed: tried again next pass
  if (!*read) co_return refused("unknown_run", "no run " + id.str() + " in the store");
  const store::RunRow& run = **read;
  if (run.state != store::RunState::failed && run.state != store::RunState::timed_out) {
    co_return refused("not_retryable", "run " + id.str() + " is " +
                                           std::string(store::to_string(run.state)) +
                                           "; only failed or timed_out runs can be retried");
  }
  const IssueId issue = run.issue;
  auto newest = co_await store_.call([issue](store::Store& s) { return s.runs_for_issue(issue, 1); });
  if (!newest) co_return store::OperatorAnswer{};
  if (!newest->empty() && newest->front().id != id) {
    co_return refused("newer_run", "issue " + issue.str() + " has a newer run (" +
                                       newest->front().id.str() + ", " +
                                       std::string(store::to_string(newest->front().state)) +
                                       "); only an issue's latest run can be retried");
  }
  rules::OperatorAsk retry{rules::OperatorAsk::Kind::retry, ask.by, run.rule};
  co_return co_await decide_for_operator(request, issue, std::move(retry));
}

// Decides on fresh facts; a start is recorded together with the answer.
// Returns an empty answer when it was recorded that way (or must wait: the
// store failed), else the refusal to record.
net::awaitable<store::OperatorAnswer> Processor::decide_for_operator(
    const store::OperatorRequest& request, IssueId issue, rules::OperatorAsk ask) {
  if (api_ == nullptr) {
    co_return refused("dry_run",
                      "autofixd runs in dry-run (no Sentry token): it cannot read fresh facts or "
                      "start runs");
  }
  const auto now = clock_.now();
  auto history =
      co_await store_.call([issue, now](store::Store& s) { return s.history(issue, now); });
  if (!history) co_return store::OperatorAnswer{};
  const auto config = config_.get();
  rules::Facts facts;
  facts.issue = issue;
  auto assessed = co_await assess(api_, *config, std::move(facts), *history, now, &setups_, &ask);
  if (!assessed) {
    co_return refused("sentry_unavailable",
                      "fresh facts could not be read from Sentry: " + assessed.error().message);
  }
  const rules::Decision& decision = assessed->decision;
  if (decision.outcome != rules::Outcome::start) {
    co_return refused(decision.reason, decision.detail);
  }
  auto record = to_record(*config, *assessed, std::nullopt, now);
  const store::OperatorAnswer done{"done", decision.reason,
                                   record.outcome == "start"
                                       ? decision.detail
                                       : record.outcome + " (nothing starts): " + decision.detail};
  auto job = [id = request.id, record, done](store::Store& s) {
    return s.record_operator_decision(id, record, done);
  };
  auto recorded = co_await store_.call(std::move(job));
  if (!recorded) {
    spdlog::error("operator request {}: cannot record its decision: {}", request.id,
                  recorded.error().message);
    co_return store::OperatorAnswer{};
  }
  if (!*recorded) co_return store::OperatorAnswer{};  // answered already
  log_decision(record, **recorded);
  spdlog::info("operator request {} ({} by {}) decided: {} ({})", request.id,
               store::to_string(request.ask.action), request.ask.by, record.outcome,
               (*recorded)->lost_to_active_run ? "already_running" : record.reason);
  if ((*recorded)->run && wake_engine_) wake_engine_();
  co_return store::OperatorAnswer{};
}

}  // namespace autofixd::runs
