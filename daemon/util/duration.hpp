#pragma once
// Durations as operators write them in the config file: "500ms", "10s", "2m",
// "24h", "7d", and sums of those such as "1h30m" (what format_duration prints).

#include <string>
#include <string_view>

#include "util/clock.hpp"
#include "util/result.hpp"

namespace autofixd {

// Parses one or more "<non-negative integer><unit>" parts, unit one of
// ms, s, m, h, d; the parts are added ("1h30m" = 90 minutes).
// Errors (code "duration.invalid"; the message quotes the input and lists the
// accepted units where that helps): empty text, a sign, a fraction, a missing
// or unknown unit, spaces, or a total that does not fit in milliseconds.
Result<Millis> parse_duration(std::string_view text);

// An exact spelling that parse_duration reads back: "2m", "1h30m", "500ms";
// days only for a whole number of days above one ("7d", but "24h" and
// "36h", as operators write them); zero is "0s"; negative gets a "-".
std::string format_duration(Millis duration);

}  // namespace autofixd
