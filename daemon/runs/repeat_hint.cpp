#include "runs/repeat_hint.hpp"

#include "rules/evaluate.hpp"

namespace autofixd::runs {

std::optional<store::RepeatHint> repeat_hint(const config::Config& config,
                                             const intake::Envelope& envelope, SysTime now) {
  if (envelope.handling != intake::Handling::evaluate || !envelope.issue) return std::nullopt;
  rules::History running;
  running.active_run = true;
  const rules::Decision d =
      rules::evaluate(config.rules, envelope.facts, running, now, config.budget);
  if (d.outcome != rules::Outcome::skip || d.reason != "already_running") return std::nullopt;
  return store::RepeatHint{d.rule, d.detail};
}

}  // namespace autofixd::runs
