#include "ops/journal_sink.hpp"

#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>

#include <spdlog/sinks/base_sink.h>

#include "ops/log_fields.hpp"
#include "ops/logging.hpp"

namespace autofixd::ops {
namespace {

class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string_view text(msg.payload.data(), msg.payload.size());
    const std::vector<std::string> fields = journal_fields(msg.level, text);
    std::vector<iovec> parts;
    parts.reserve(fields.size());
    for (const std::string& f : fields) {
      parts.push_back(iovec{const_cast<char*>(f.data()), f.size()});
    }
    if (sd_journal_sendv(parts.data(), static_cast<int>(parts.size())) >= 0) return;
    // The journal's socket refused it: standard error is still its stream.
    const std::string line = priority_prefix(msg.level) + std::string(text) + "\n";
    (void)!::write(2, line.data(), line.size());
  }
  void flush_() override {}
};

}  // namespace

std::vector<std::string> journal_fields(spdlog::level::level_enum level, std::string_view msg) {
  std::vector<std::string> fields{"MESSAGE=" + std::string(msg),
                                  "PRIORITY=" + std::to_string(syslog_priority(level)),
                                  "SYSLOG_IDENTIFIER=autofixd"};
  const LogFields about = log_fields(msg);
  if (about.issue) fields.push_back("ISSUE_ID=" + std::to_string(*about.issue));
  if (about.run) fields.push_back("RUN_ID=" + std::to_string(*about.run));
  if (about.delivery) fields.push_back("DELIVERY_ID=" + std::to_string(*about.delivery));
  if (!about.request_id.empty()) fields.push_back("REQUEST_ID=" + about.request_id);
  return fields;
}

bool under_systemd_journal() {
  const char* invocation = std::getenv("INVOCATION_ID");
  return invocation != nullptr && *invocation != '\0' && stderr_is_journal();
}

bool journal_socket_present() {
  // sd_journal_sendv reports success when the socket is missing (it drops
  // the line): without it, the stream is the only way a line gets through.
  return ::access("/run/systemd/journal/socket", W_OK) == 0;
}

std::shared_ptr<spdlog::sinks::sink> make_journal_sink() { return std::make_shared<JournalSink>(); }

}  // namespace autofixd::ops
