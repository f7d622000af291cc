#pragma once
// Strong types for the ids that cross module boundaries, so an issue id can
// never be passed where a run id is expected.

#include <compare>
#include <cstdint>
#include <functional>
#include <string>

namespace autofixd {

template <typename Tag>
struct StrongId {
  std::int64_t value = 0;
  auto operator<=>(const StrongId&) const = default;
  std::string str() const { return std::to_string(value); }
};

// Sentry's issue (group) id. Sentry sends it as a decimal string in issue
// payloads and as a number in seer payloads; we keep the number.
using IssueId = StrongId<struct IssueIdTag>;
// Sentry's autofix run id, returned by POST .../autofix/.
using SentryRunId = StrongId<struct SentryRunIdTag>;
// Our own row id for a run in the store.
using RunId = StrongId<struct RunIdTag>;
// Our own row id for a stored webhook delivery.
using DeliveryId = StrongId<struct DeliveryIdTag>;

}  // namespace autofixd

template <typename Tag>
struct std::hash<autofixd::StrongId<Tag>> {
  std::size_t operator()(const autofixd::StrongId<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
