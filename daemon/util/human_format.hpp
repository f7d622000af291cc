#pragma once
// Numbers and durations as people read them in comments and chat messages
// (not as operators write them in the config: that is util/duration.hpp).

#include <cstdint>
#include <string>

#include "util/clock.hpp"

namespace autofixd {

// Decimal with thousands separators: 200000 → "200,000"; negatives keep
// their sign.
std::string format_count(std::int64_t n);

// At most the two largest non-zero units, in words, rounded down:
// "45 seconds", "4 minutes 12 seconds", "1 hour 5 minutes", "3 days 4 hours";
// under a second is "less than a second"; negative is "unknown".
std::string format_duration_words(Millis duration);

}  // namespace autofixd
