#include "runs/repeat_hint.hpp"

#include "rules/evaluate.hpp"

namespace autofixd::runs {

std::optional<store::RepeatHint> repeat_hint(const config::Config& config,
                                             const intake::Envelope& envelope, SysTime now) {
  if (envelope.handling != intake::Handling::evaluate || !envelope.issue) return std::nullopt;
  auto d = rules::skip_for_active_run(config.rules, envelope.facts, now);
  if (!d) return std::nullopt;
  return store::RepeatHint{std::move(d->rule), std::move(d->detail)};
}

}  // namespace autofixd::runs
