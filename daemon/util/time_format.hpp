#pragma once
// Timestamps as operators read them in CLI output and decision details.

#include <string>

#include "util/clock.hpp"

namespace autofixd {

// ISO 8601 in UTC with seconds, e.g. "2026-11-23T20:11:14Z".
std::string format_utc(SysTime t);

}  // namespace autofixd
