#pragma once
// What autofixd tells systemd and takes from it, through libsystemd
// (sd-daemon.h): notify messages, the watchdog interval, and listening
// sockets passed by a socket unit. Outside systemd every call is a no-op or
// finds nothing.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ops/listen_fds.hpp"
#include "util/clock.hpp"

namespace autofixd::ops {

// Sends e.g. "READY=1", "STOPPING=1", "WATCHDOG=1", "STATUS=..." to
// $NOTIFY_SOCKET. Failures are ignored: systemd not listening must not stop
// the daemon.
void notify(std::string_view state);
// "RELOADING=1" with MONOTONIC_USEC, as Type=notify-reload (systemd >= 253)
// expects; earlier versions take it as plain RELOADING=1. Follow it with
// READY=1 once the reload is done.
void notify_reloading();
// Half of $WATCHDOG_USEC when the watchdog is enabled for this process
// ($WATCHDOG_PID, when set, names it), so a late ping still arrives in time.
std::optional<Millis> watchdog_interval();

// The sockets systemd passed ($LISTEN_FDS for this $LISTEN_PID, names from
// $LISTEN_FDNAMES), each with its local address. Unsets those variables, so
// a child process does not take them. Empty when none were passed. Errors:
// "systemd.listen_fds" when a passed descriptor is not a listening TCP
// socket (fd number and what it is instead).
Result<std::vector<InheritedSocket>> inherited_sockets();

}  // namespace autofixd::ops
