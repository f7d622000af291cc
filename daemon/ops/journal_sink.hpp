#pragma once
// Log lines for journald under systemd, sent with its native protocol
// (sd_journal_sendv) so that each carries the ids it is about as fields of
// its own: `journalctl -u autofixd ISSUE_ID=4711`. A line the journal
// refuses is written to standard error as before ("<N>" prefix).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/common.h>
#include <spdlog/sinks/sink.h>

namespace autofixd::ops {

// The journal fields of one line: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER and,
// when the message names them (ops/log_fields.hpp), ISSUE_ID, RUN_ID,
// DELIVERY_ID, REQUEST_ID. Pure.
std::vector<std::string> journal_fields(spdlog::level::level_enum level, std::string_view msg);

// True when systemd runs this process as a service (INVOCATION_ID is set)
// and standard error is its journal stream.
bool under_systemd_journal();

// True when journald's native socket is there to take lines.
bool journal_socket_present();

std::shared_ptr<spdlog::sinks::sink> make_journal_sink();

}  // namespace autofixd::ops
