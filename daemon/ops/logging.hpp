#pragma once
// Where and how log lines are written: standard error, one line per
// message, in the format the reader wants. Call once, before logging.

#include <optional>
#include <string>
#include <string_view>

#include <spdlog/common.h>

namespace autofixd::ops {

enum class LogFormat {
  text,  // "[2024-05-01 12:00:00.123] [info] msg"; "<6>msg" under the journal
  json,  // {"ts":"2024-05-01T12:00:00.123Z","level":"info","msg":"..."}
};

// "text" or "json"; nullopt for anything else.
std::optional<LogFormat> parse_log_format(std::string_view name);

// True when $JOURNAL_STREAM ("DEV:INODE", set by systemd) names the file
// standard error is: journald then adds the time, and reads the priority
// from a "<N>" prefix.
bool stderr_is_journal();

// The syslog priority (sd-daemon.h SD_ERR = 3 ...) for a log level.
int syslog_priority(spdlog::level::level_enum level);
// "<3>" for an error: how a line on the journal's stream gives its priority.
std::string priority_prefix(spdlog::level::level_enum level);
// One JSON log line (without the newline): ts (UTC, milliseconds), level,
// msg, and issue_id, run_id, delivery_id, request_id when the message names
// them (ops/log_fields.hpp).
std::string json_log_line(std::string_view ts, spdlog::level::level_enum level,
                          std::string_view msg);

// Replaces the default logger with one writing to standard error in
// `format` (text: with "<N>" prefixes and no time stamp under the journal).
void configure_logging(LogFormat format);

}  // namespace autofixd::ops
