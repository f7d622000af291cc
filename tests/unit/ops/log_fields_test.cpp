#include "ops/log_fields.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ops/journal_sink.hpp"
#include "ops/logging.hpp"

namespace autofixd::ops {
namespace {

TEST(LogFields, ReadsTheIdsALineIsAbout) {
  const auto f = log_fields("run 45: started Seer autofix run 9001 for issue 123 (rule \"all\")");
  EXPECT_EQ(f.run, 45) << "autofixd's run, not Seer's";
  EXPECT_EQ(f.issue, 123);
  EXPECT_FALSE(f.delivery.has_value());
  EXPECT_TRUE(f.request_id.empty());
}

TEST(LogFields, SeersRunIsNotOurs) {
  const auto f = log_fields("issue 7: following Seer run 88");
  EXPECT_FALSE(f.run.has_value());
  EXPECT_EQ(f.issue, 7);
}

TEST(LogFields, DeliveryAndRequestIdOfAWebhook) {
  const auto f = log_fields(
      "webhook 3f2a-b_9 from 127.0.0.1:5000: same body as delivery 171 (stored in the last 24 h)");
  EXPECT_EQ(f.request_id, "3f2a-b_9");
  EXPECT_EQ(f.delivery, 171);
  EXPECT_EQ(log_fields("webhook 1a2b-c: cannot commit delivery: disk full").request_id, "1a2b-c");
}

TEST(LogFields, OnlyWholeWordsAndWholeNumbers) {
  const auto f = log_fields("reissue 5, rerun 6, issue 12abc, run -3, delivery");
  EXPECT_FALSE(f.issue.has_value());
  EXPECT_FALSE(f.run.has_value());
  EXPECT_FALSE(f.delivery.has_value());
  EXPECT_TRUE(log_fields("webhook from 127.0.0.1:5000 refused: bad signature").request_id.empty());
  EXPECT_TRUE(log_fields("listening on 127.0.0.1:8080").request_id.empty());
  EXPECT_TRUE(
      log_fields("webhook endpoint: POST http://127.0.0.1:8080/sentry/webhook").request_id.empty());
}

TEST(LogFields, TheFirstOfEachKindWins) {
  const auto f = log_fields("issue 1: run 2 lost to run 3 on issue 4");
  EXPECT_EQ(f.issue, 1);
  EXPECT_EQ(f.run, 2);
}

TEST(JsonLogLine, CarriesTheIdsAsFields) {
  const auto line = nlohmann::json::parse(
      json_log_line("t", spdlog::level::info, "run 5: posted final comment on issue 42"));
  EXPECT_EQ(line.at("run_id"), 5);
  EXPECT_EQ(line.at("issue_id"), "42") << "a string, as Sentry's ids are in every JSON output";
  EXPECT_FALSE(line.contains("delivery_id"));
  EXPECT_FALSE(line.contains("request_id"));
  const auto plain = nlohmann::json::parse(json_log_line("t", spdlog::level::info, "stopped"));
  EXPECT_EQ(plain.size(), 3u) << plain.dump();
}

TEST(JournalFields, MessagePriorityIdentifierAndTheIds) {
  EXPECT_EQ(journal_fields(spdlog::level::warn, "run 3: poll failed on issue 9"),
            (std::vector<std::string>{"MESSAGE=run 3: poll failed on issue 9", "PRIORITY=4",
                                      "SYSLOG_IDENTIFIER=autofixd", "ISSUE_ID=9", "RUN_ID=3"}));
  EXPECT_EQ(journal_fields(spdlog::level::info,
                           "webhook 7f-1 from 10.0.0.1:4: same body as "
                           "delivery 12"),
            (std::vector<std::string>{
                "MESSAGE=webhook 7f-1 from 10.0.0.1:4: same body as delivery 12", "PRIORITY=6",
                "SYSLOG_IDENTIFIER=autofixd", "DELIVERY_ID=12", "REQUEST_ID=7f-1"}));
  EXPECT_EQ(journal_fields(spdlog::level::err, "stopped").size(), 3u);
}

TEST(UnderSystemdJournal, NeedsAnInvocationIdAndTheJournalStream) {
  struct stat st {};
  ASSERT_EQ(::fstat(2, &st), 0);
  const auto mine = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  ::setenv("JOURNAL_STREAM", mine.c_str(), 1);
  ::unsetenv("INVOCATION_ID");
  EXPECT_FALSE(under_systemd_journal()) << "not a service";
  ::setenv("INVOCATION_ID", "", 1);
  EXPECT_FALSE(under_systemd_journal());
  ::setenv("INVOCATION_ID", "0123456789abcdef", 1);
  EXPECT_TRUE(under_systemd_journal());
  ::setenv("JOURNAL_STREAM", "1:2", 1);
  EXPECT_FALSE(under_systemd_journal()) << "standard error went elsewhere";
  ::unsetenv("JOURNAL_STREAM");
  ::unsetenv("INVOCATION_ID");
}

}  // namespace
}  // namespace autofixd::ops
