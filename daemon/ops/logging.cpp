#include "ops/logging.hpp"

#include <sys/stat.h>
#include <systemd/sd-daemon.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "ops/journal_sink.hpp"
#include "ops/log_fields.hpp"

namespace autofixd::ops {
namespace {

// "%N" in a pattern: "<3>" for an error, as journald reads it.
class PriorityFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string prefix = priority_prefix(msg.level);
    dest.append(prefix.data(), prefix.data() + prefix.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PriorityFlag>();
  }
};

std::string utc_millis(spdlog::log_clock::time_point when) {
  const auto since_epoch = when.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  const std::time_t t = seconds.count();
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char text[96];  // room for any int fields, as -Wformat-truncation counts
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis.count()));
  return text;
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string line =
        json_log_line(utc_millis(msg.time), msg.level,
                      std::string_view(msg.payload.data(), msg.payload.size())) +
        "\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  return std::nullopt;
}

bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  unsigned long long device = 0;
  unsigned long long inode = 0;
  if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
  struct stat st {};
  if (::fstat(2, &st) != 0) return false;
  return st.st_dev == device && st.st_ino == inode;
}

int syslog_priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::critical:
      return 2;  // SD_CRIT
    case spdlog::level::err:
      return 3;  // SD_ERR
    case spdlog::level::warn:
      return 4;  // SD_WARNING
    case spdlog::level::info:
      return 6;  // SD_INFO
    default:
      return 7;  // SD_DEBUG (debug, trace)
  }
}

std::string priority_prefix(spdlog::level::level_enum level) {
  return "<" + std::to_string(syslog_priority(level)) + ">";
}

std::string json_log_line(std::string_view ts, spdlog::level::level_enum level,
                          std::string_view msg) {
  const auto name = spdlog::level::to_string_view(level);
  nlohmann::json line{{"ts", std::string(ts)},
                      {"level", std::string(name.data(), name.size())},
                      {"msg", std::string(msg)}};
  // What the line is about, as fields a shipper can index and filter on.
  const LogFields about = log_fields(msg);
  if (about.issue) line["issue_id"] = std::to_string(*about.issue);  // a string, as Sentry's
  if (about.run) line["run_id"] = *about.run;
  if (about.delivery) line["delivery_id"] = *about.delivery;
  if (!about.request_id.empty()) line["request_id"] = about.request_id;
  // Log text can hold bytes from the network: invalid UTF-8 becomes U+FFFD.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// Standard error in `format` ("<N>" prefixes and no time stamp when it is
// the journal's stream).
std::shared_ptr<spdlog::sinks::sink> stderr_sink(LogFormat format) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  if (format == LogFormat::json) {
    sink->set_formatter(std::make_unique<JsonFormatter>());
  } else if (stderr_is_journal()) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<PriorityFlag>('N').set_pattern("%N%v");
    sink->set_formatter(std::move(formatter));
  } else {
    sink->set_formatter(
        std::make_unique<spdlog::pattern_formatter>("[%Y-%m-%d %H:%M:%S.%e] [%l] %v"));
  }
  return sink;
}

}  // namespace

void configure_logging(LogFormat format) {
  // A service's text lines go to journald natively, with their ids as fields.
  const bool native_journal =
      format == LogFormat::text && under_systemd_journal() && journal_socket_present();
  auto logger = std::make_shared<spdlog::logger>(
      "", native_journal ? make_journal_sink() : stderr_sink(format));
  logger->set_level(spdlog::default_logger()->level());
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace autofixd::ops
