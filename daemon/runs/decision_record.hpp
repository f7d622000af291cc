#pragma once
// What a decision becomes in the store: the row the processor records for
// an assessment (outcome as recorded, watch and queue times). Pure.

#include <optional>

#include "config/config.hpp"
#include "runs/processor.hpp"
#include "store/records.hpp"

namespace autofixd::runs {

// The decision record of `a`, decided at `now`, for `delivery` (nullopt for
// re-checks and operator requests). A start is recorded "dry_run" without a
// token and "observe" in observe mode.
store::DecisionRecord to_record(const config::Config& config, const Assessment& a,
                                std::optional<DeliveryId> delivery, SysTime now);

}  // namespace autofixd::runs
