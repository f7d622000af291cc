// `autofixd cancel RUN`: autofixd stops following an active run. The run
// ends `cancelled` through the normal finishing path, so its comment (and
// whatever else watches runs end) says an operator cancelled it. Sentry has
// no endpoint to stop a Seer run: Seer may still finish it there.
#include <spdlog/spdlog.h>

#include "runs/engine.hpp"

namespace autofixd::runs {
namespace {

constexpr int kRequestBatch = 8;

store::OperatorAnswer refused(std::string reason, std::string detail) {
  return {"refused", std::move(reason), std::move(detail)};
}

std::string cancelled_by(const std::string& user) {
  return "cancelled by an operator (" + user + ")";
}

}  // namespace

net::awaitable<void> Engine::serve_cancel_requests() {
  auto read = [](store::Store& s) {
    return s.pending_operator_requests({store::OperatorAction::cancel}, kRequestBatch);
  };
  auto pending = co_await store_.call(std::move(read));
  if (!pending) {
    spdlog::error("runs: cannot read operator requests: {}", pending.error().message);
    co_return;
  }
  for (const store::OperatorRequest& request : *pending) {
    if (stopping_) co_return;
    const store::OperatorAnswer answer = co_await cancel(request);
    if (answer.state.empty()) continue;  // the store failed: tried again next time
    auto job = [id = request.id, answer, now = clock_.now()](store::Store& s) {
      return s.answer_operator_request(id, answer, now);
    };
    if (auto saved = co_await store_.call(std::move(job)); !saved) {
      spdlog::error("operator request {}: cannot record the answer: {}", request.id,
                    saved.error().message);
      continue;
    }
    spdlog::info("operator request {} (cancel by {}): {} ({}): {}", request.id, request.ask.by,
                 answer.state, answer.reason, answer.detail);
  }
}

net::awaitable<store::OperatorAnswer> Engine::cancel(const store::OperatorRequest& request) {
  if (!request.ask.run) co_return refused("bad_request", "a cancel request names no run");
  const RunId id = *request.ask.run;
  auto read = co_await store_.call([id](store::Store& s) { return s.run(id); });
  if (!read) co_return store::OperatorAnswer{};
  if (!*read) co_return refused("unknown_run", "no run " + id.str() + " in the store");
  store::RunRow run = **read;
  const std::string detail = cancelled_by(request.ask.by);
  if (run.state == store::RunState::cancelled && run.detail == detail) {
    co_return store::OperatorAnswer{"done", "operator_cancel", "run " + id.str() + " " + detail};
  }
  const bool never_sent = !run.start_sent_at && !run.sentry_run;
  if ((run.state == store::RunState::pending || run.state == store::RunState::starting) &&
      never_sent) {
    // Nothing reached Sentry: nothing to comment on.
    spdlog::warn("run {}: {} before it started", id.value, detail);
    std::string why = detail;  // named: no temporary across co_await (GCC 12)
    co_await end_quietly(std::move(run), store::RunState::cancelled, std::move(why));
  } else if (run.state == store::RunState::starting) {
    co_return refused("start_in_flight",
                      "run " + id.str() +
                          " is starting and its start request may have reached Sentry; try "
                          "again once it runs (within a few minutes)");
  } else if ((run.state == store::RunState::running ||
              run.state == store::RunState::needs_input) &&
             !run.finished_at) {
    spdlog::warn("run {}: {}; autofixd stops polling it", id.value, detail);
    std::string why = detail;
    std::string shown = "cancelled_by_operator";
    co_await finish_with_comment(std::move(run), store::RunState::cancelled, std::move(why),
                                 nullptr, std::move(shown));
  } else {
    co_return refused("not_active", "run " + id.str() + " already ended " +
                                        std::string(store::to_string(run.state)));
  }
  auto after = co_await store_.call([id](store::Store& s) { return s.run(id); });
  if (!after || !*after || (*after)->state != store::RunState::cancelled) {
    co_return store::OperatorAnswer{};  // not saved (store failure): tried again
  }
  co_return store::OperatorAnswer{
      "done", "operator_cancel",
      "run " + id.str() + " " + detail + "; autofixd no longer polls it" +
          ((*after)->sentry_run ? " and its comment on the issue says so" : "")};
}

}  // namespace autofixd::runs
