// Sentry's and Seer's text through the real binary: the posted comment shows
// URLs without linking them and keeps autofixd's own links; `runs` and
// `decisions` print hostile text on one line, with nothing a terminal acts on.
#include <algorithm>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

constexpr auto npos = std::string::npos;
constexpr const char* kBidiOverride = "\xE2\x80\xAE";  // U+202E

class UntrustedTextTest : public DaemonTest {};

TEST_F(UntrustedTextTest, CommentShowsSeersUrlsWithoutLinkingThem) {
  const std::int64_t issue = 71;
  const IssueSpec spec{.id = issue, .title = "Timeout at https://evil.test/\xE2\x80\xAEgnp.exe"};
  fake_.set_issue(issue, issue_json(spec));
  fake_.set_start_response(issue, 202, start_response_json(7101));
  AutofixSpec done{.run_id = 7101, .status = "COMPLETED"};
  done.root_cause = "Log in again at https://evil.test/login or www.evil.test.";
  done.pr_url = "https://github.com/acme/backend/pull/9";
  fake_.script_autofix(issue, {legacy_autofix_json(done)}, /*only_after_start=*/true);
  start_daemon();
  ASSERT_EQ(send_issue(spec, "untrusted-71").status, 202);
  ASSERT_TRUE(eventually([&] { return comment_state(issue) == "posted"; }));
  const auto notes = fake_.comments(issue);
  ASSERT_EQ(notes.size(), 1u);
  const std::string& c = notes[0].text;
  EXPECT_NE(c.find("`https://evil.test/login`"), npos) << c;
  EXPECT_NE(c.find("`www.evil.test`"), npos) << c;
  EXPECT_NE(c.find("Timeout at `https://evil.test/gnp.exe`]("), npos) << c;
  EXPECT_EQ(c.find(" https://evil"), npos) << c;
  EXPECT_EQ(c.find(kBidiOverride), npos) << c;
  EXPECT_NE(c.find("](https://github.com/acme/backend/pull/9)"), npos) << c;
}

TEST_F(UntrustedTextTest, RunsAndDecisionsPrintHostileTextInert) {
  const std::int64_t issue = 72;
  const IssueSpec spec{.id = issue, .title = "Boom\n[error] forged\x1B]0;pwned\x07\xE2\x80\xAE"};
  fake_.set_issue(issue, issue_json(spec));
  fake_.set_start_response(issue, 202, start_response_json(7201));
  const AutofixSpec running{.run_id = 7201, .status = "PROCESSING\x1B[2J\xE2\x80\xAE"};
  fake_.script_autofix(issue, {legacy_autofix_json(running)}, /*only_after_start=*/true);
  DaemonOptions options;
  options.extra_rule_keys = "title_excludes = \"Nope\"\n";  // puts the title in the detail
  start_daemon(options);
  ASSERT_EQ(send_issue(spec, "untrusted-72").status, 202);
  ASSERT_TRUE(eventually([&] { return run_detail(issue).find("PROCESSING") != npos; }));

  const auto [runs_code, runs] = daemon_->cli({"runs"});
  EXPECT_EQ(runs_code, 0) << daemon_->cli_errors();
  EXPECT_EQ(runs.find('\x1B'), npos) << runs;
  EXPECT_EQ(runs.find(kBidiOverride), npos) << runs;
  EXPECT_NE(runs.find(" PROCESSING"), npos) << runs;
  const auto [json_code, json] = daemon_->cli({"runs", "--json"});
  EXPECT_EQ(json_code, 0) << daemon_->cli_errors();
  const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(parsed.is_array() && parsed.size() == 1) << json;
  EXPECT_EQ(parsed[0]["detail"].get<std::string>().find('\x1B'), npos) << json;

  const auto [code, decisions] = daemon_->cli({"decisions"});
  EXPECT_EQ(code, 0) << daemon_->cli_errors();
  EXPECT_EQ(decisions.find('\x1B'), npos) << decisions;
  EXPECT_EQ(decisions.find(kBidiOverride), npos) << decisions;
  EXPECT_NE(decisions.find("title \"Boom [error] forged\""), npos) << decisions;
  // The heading, then the decision's two lines: no forged third.
  EXPECT_EQ(std::count(decisions.begin(), decisions.end(), '\n'), 3) << decisions;
}

}  // namespace
}  // namespace autofixd::testing
