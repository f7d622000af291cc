#include "ops/logging.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace autofixd::ops {
namespace {

TEST(SyslogPriority, FollowsSdDaemonLevels) {
  EXPECT_EQ(syslog_priority(spdlog::level::critical), 2);
  EXPECT_EQ(syslog_priority(spdlog::level::err), 3);
  EXPECT_EQ(syslog_priority(spdlog::level::warn), 4);
  EXPECT_EQ(syslog_priority(spdlog::level::info), 6);
  EXPECT_EQ(syslog_priority(spdlog::level::debug), 7);
  EXPECT_EQ(syslog_priority(spdlog::level::trace), 7);
}

TEST(JsonLogLine, IsOneObjectWithTsLevelAndMsg) {
  const auto line =
      json_log_line("2024-05-01T12:00:00.123Z", spdlog::level::warn, "store: \"x\"\nsecond line");
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed.at("ts"), "2024-05-01T12:00:00.123Z");
  EXPECT_EQ(parsed.at("level"), "warning");
  EXPECT_EQ(parsed.at("msg"), "store: \"x\"\nsecond line");
}

TEST(JsonLogLine, ReplacesInvalidUtf8FromTheNetwork) {
  const auto line = json_log_line("t", spdlog::level::info, std::string("bad \xff byte"));
  EXPECT_EQ(nlohmann::json::parse(line).at("msg"), "bad \xEF\xBF\xBD byte");
}

TEST(ParseLogFormat, KnowsTextAndJsonOnly) {
  EXPECT_EQ(parse_log_format("text"), LogFormat::text);
  EXPECT_EQ(parse_log_format("json"), LogFormat::json);
  EXPECT_FALSE(parse_log_format("syslog"));
}

TEST(StderrIsJournal, OnlyWhenJournalStreamNamesStderr) {
  struct stat st {};
  ASSERT_EQ(::fstat(2, &st), 0);
  const auto mine = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  ::setenv("JOURNAL_STREAM", mine.c_str(), 1);
  EXPECT_TRUE(stderr_is_journal());
  // A child of a journald-connected service whose stderr went elsewhere.
  const auto other = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1);
  ::setenv("JOURNAL_STREAM", other.c_str(), 1);
  EXPECT_FALSE(stderr_is_journal());
  ::unsetenv("JOURNAL_STREAM");
  EXPECT_FALSE(stderr_is_journal());
}

}  // namespace
}  // namespace autofixd::ops
