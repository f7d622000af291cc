#pragma once
// Timestamps as operators read them in CLI output and decision details, and
// as Sentry writes them in API responses.

#include <optional>
#include <string>
#include <string_view>

#include "util/clock.hpp"

namespace autofixd {

// ISO 8601 in UTC with seconds, e.g. "2026-11-23T20:11:14Z".
std::string format_utc(SysTime t);

// Parses "YYYY-MM-DDTHH:MM:SS" with an optional fraction (any number of
// digits, kept to microseconds) and an optional zone: "Z", "+HH:MM" or
// "-HH:MM" (no zone = UTC, as Python's naive isoformat). Sentry renders
// "%Y-%m-%dT%H:%M:%S.%fZ". nullopt for anything else, including
// out-of-range fields, years outside 1900..2200 and trailing text.
std::optional<SysTime> parse_utc(std::string_view text);

}  // namespace autofixd
