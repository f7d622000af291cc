#pragma once
// The decision a delivery would get if its issue had an active run of ours,
// worked out at intake so the store can count it there (store::RepeatHint).
// It is exactly what the processor would decide: with a run active, assess()
// fetches nothing and rules::evaluate() skips the issue "already_running" at
// the first rule whose filters hold, whatever else the history says. Pure.

#include <optional>

#include "config/config.hpp"
#include "intake/envelope.hpp"
#include "store/records.hpp"
#include "util/clock.hpp"

namespace autofixd::runs {

// nullopt when the delivery is not evaluated, or its facts would not be
// skipped "already_running" (no rule matches, the issue is resolved).
std::optional<store::RepeatHint> repeat_hint(const config::Config& config,
                                             const intake::Envelope& envelope, SysTime now);

}  // namespace autofixd::runs
