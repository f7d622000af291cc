// `runs` and `deliveries` rows: columns as before, stored text made safe for
// a terminal and cut on code point boundaries.
#include "app/listing_view.hpp"

#include <gtest/gtest.h>

#include "app/terminal_text.hpp"
#include "sentry/text.hpp"
#include "util/time_format.hpp"

namespace autofixd::app {
namespace {

bool valid_utf8(const std::string& s) { return sentry::text::sanitize(s) == s; }

store::RunRow run() {
  store::RunRow r;
  r.id = RunId{7};
  r.issue = IssueId{1170820242};
  r.rule = "backend-errors";
  r.state = store::RunState::needs_input;
  r.sentry_run = SentryRunId{12345};
  r.created_at = *parse_utc("2025-09-23T20:59:02Z");
  r.updated_at = *parse_utc("2025-09-23T21:00:00Z");
  r.detail = "needs_input: Which branch?";
  return r;
}

store::DeliverySummary delivery() {
  store::DeliverySummary d;
  d.id = DeliveryId{3};
  d.request_id = "req-1";
  d.resource = "issue";
  d.action = "created";
  d.issue = IssueId{42};
  d.state = "dead";
  d.attempts = 20;
  d.last_error = "sentry.unavailable: 503";
  d.received_at = *parse_utc("2025-09-23T20:59:02Z");
  return d;
}

TEST(Cell, OneLineWithoutControlsEscapesOrBidi) {
  EXPECT_EQ(cell("a\nb\tc\x1B[31m\x1B]0;t\x07"
                 "d\xE2\x80\xAE"
                 "e\xE2\x81\xA6",
                 100),
            "a b cde");
}

TEST(Cell, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(cell("ok\xC3(\xFF", 100), "ok\xEF\xBF\xBD(\xEF\xBF\xBD");
}

TEST(Cell, TruncationNeverSplitsACodePoint) {
  const std::string snowmen = "\xE2\x98\x83\xE2\x98\x83\xE2\x98\x83\xE2\x98\x83\xE2\x98\x83";
  for (std::size_t max = 0; max <= snowmen.size() + 1; ++max) {
    const std::string cut = cell(snowmen, max);
    EXPECT_LE(cut.size(), max);
    EXPECT_TRUE(valid_utf8(cut)) << "max " << max;
  }
}

TEST(RunLine, ColumnsAsBefore) {
  EXPECT_EQ(run_heading(),
            "ID     ISSUE        RUN        STATE        RULE                 UPDATED              "
            "DETAIL\n");
  EXPECT_EQ(run_line(run()),
            "7      1170820242   12345      needs_input  backend-errors       2025-09-23T21:00:00Z "
            "needs_input: Which branch?\n");
}

TEST(RunLine, DetailIsOnePrintableLineCutOnACodePoint) {
  store::RunRow r = run();
  // 65 bytes once clean; the cut for "…" falls inside the first euro sign.
  r.detail = "\x1B[2J\nfake\r\n" + std::string(50, 'x') + "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC";
  const std::string line = run_line(r);
  const std::string detail = line.substr(line.find("2025-09-23T21:00:00Z ") + 21);
  EXPECT_EQ(detail.back(), '\n');
  EXPECT_LE(detail.size() - 1, 60u) << detail;
  EXPECT_TRUE(valid_utf8(detail)) << detail;
  EXPECT_EQ(detail.rfind(" fake xxx", 0), 0u) << detail;
  EXPECT_EQ(line.find('\x1B'), std::string::npos);
}

TEST(RunJson, StringsAreSanitizedNotCut) {
  store::RunRow r = run();
  r.detail = "needs_input: \x1B[31m" + std::string(500, 'q') + "\xFF";
  const auto j = run_json(r);
  EXPECT_EQ(j["detail"], "needs_input: " + std::string(500, 'q') + "\xEF\xBF\xBD");
  EXPECT_EQ(j["run_id"], 12345);
  EXPECT_TRUE(j["sentry_run_id"].is_null());
  EXPECT_NO_THROW((void)j.dump());
}

TEST(RunLine, RunsAnOperatorStartedSayWhoAfterTheRule) {
  EXPECT_NE(run_line(run(), "operator_start by alice").find(" backend-errors (operator_start by alice) "),
            std::string::npos);
  EXPECT_EQ(run_json(run(), "operator_retry by bob")["operator"], "operator_retry by bob");
  EXPECT_TRUE(run_json(run())["operator"].is_null());
}

TEST(DeliveryLine, ColumnsAsBefore) {
  EXPECT_EQ(
      delivery_line(delivery()),
      "3      dead       20     42           issue        req-1                                "
      "2025-09-23T20:59:02Z sentry.unavailable: 503\n");
}

TEST(DeliveryLine, LastErrorCannotDriveTheTerminal) {
  store::DeliverySummary d = delivery();
  d.last_error =
      "boom\x1B[1A\x1B[2K\xE2\x80\x8Bok\xC2\x9B"
      "31m";
  const std::string line = delivery_line(d);
  EXPECT_NE(line.find(" boomok31m\n"), std::string::npos) << line;
  d.action = "created\xFF";
  EXPECT_EQ(delivery_json(d)["action"], "created\xEF\xBF\xBD");
}

}  // namespace
}  // namespace autofixd::app
