#pragma once
// systemd's notify protocol without libsystemd: one datagram to
// $NOTIFY_SOCKET. Every function is a no-op when not run under systemd.

#include <optional>
#include <string_view>

#include "util/clock.hpp"

namespace autofixd::ops {

// Sends e.g. "READY=1", "STOPPING=1", "WATCHDOG=1", "STATUS=...".
void sd_notify(std::string_view state);
// Half of $WATCHDOG_USEC when the watchdog is enabled for this process.
std::optional<Millis> watchdog_interval();

}  // namespace autofixd::ops
