// `autofixd decisions` reads what the running daemon decided; `autofixd
// check-rules` runs rule cases offline, with the real binary in both.
#include <fstream>
#include <regex>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kRepo = fs::path(AUTOFIXD_FIXTURES).parent_path().parent_path();

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class DecisionsCliTest : public DaemonTest {
 protected:
  std::int64_t decisions_for(std::int64_t issue) {
    return count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = " + std::to_string(issue));
  }

  // `decisions ARGS... --json`, parsed; fails the test on a non-zero exit.
  nlohmann::json decisions_json(std::vector<std::string> args) {
    args.insert(args.begin(), "decisions");
    args.push_back("--json");
    const auto [code, out] = daemon_->cli(args);
    EXPECT_EQ(code, 0) << daemon_->cli_errors();
    auto parsed = nlohmann::json::parse(out, nullptr, false);
    EXPECT_TRUE(parsed.is_array()) << out;
    return parsed.is_array() ? parsed : nlohmann::json::array();
  }

  // A started issue (61) and then a watched one (62, 3 events < min_events 10).
  void decide_two_issues() {
    script_completed_run(61, 6101);
    fake_.set_issue(62, issue_json({.id = 62, .count = 3}));
    start_daemon();
    ASSERT_EQ(send_issue({.id = 61}, "decisions-req-61").status, 202);
    ASSERT_TRUE(eventually([&] { return decisions_for(61) == 1; }));
    ASSERT_EQ(send_issue({.id = 62, .count = 3}, "decisions-req-62").status, 202);
    ASSERT_TRUE(eventually([&] { return decisions_for(62) == 1; }));
  }
};

TEST_F(DecisionsCliTest, ListsTheStoredTrailNewestFirst) {
  decide_two_issues();
  const auto all = decisions_json({});
  ASSERT_EQ(all.size(), 2u) << all.dump(2);
  const auto& watched = all[0];
  EXPECT_EQ(watched["issue_id"], "62");
  EXPECT_EQ(watched["decision"], "watch");
  EXPECT_EQ(watched["reason"], "below_min_events");
  EXPECT_TRUE(watched["rule"].is_null());
  EXPECT_EQ(watched["request_id"], "decisions-req-62");
  EXPECT_EQ(watched["facts"]["events"], 3);
  EXPECT_EQ(watched["facts"]["short_id"], "BACKEND-62");
  EXPECT_NE(watched["detail"].get<std::string>().find("min_events"), std::string::npos);
  EXPECT_TRUE(std::regex_match(watched["created_at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  const auto& started = all[1];
  EXPECT_EQ(started["issue_id"], "61");
  EXPECT_EQ(started["decision"], "start");
  EXPECT_EQ(started["reason"], "matched");
  EXPECT_EQ(started["rule"], "backend-errors");
  EXPECT_EQ(started["request_id"], "decisions-req-61");
  EXPECT_EQ(started["facts"]["events"], 150);

  EXPECT_EQ(decisions_json({"--limit", "1"}).size(), 1u);
}

TEST_F(DecisionsCliTest, IssueTakesAnIdOrAShortId) {
  decide_two_issues();
  const auto by_id = decisions_json({"--issue", "61"});
  ASSERT_EQ(by_id.size(), 1u);
  EXPECT_EQ(by_id[0]["issue_id"], "61");
  for (const std::string short_id : {"BACKEND-62", "backend-62"}) {
    const auto by_short_id = decisions_json({"--issue", short_id});
    ASSERT_EQ(by_short_id.size(), 1u) << short_id;
    EXPECT_EQ(by_short_id[0]["issue_id"], "62");
  }
  EXPECT_TRUE(decisions_json({"--issue", "BACKEND-6"}).empty());
}

TEST_F(DecisionsCliTest, HumanOutputHasOneLinePerDecisionAndItsDetail) {
  decide_two_issues();
  const auto [code, out] = daemon_->cli({"decisions"});
  ASSERT_EQ(code, 0) << daemon_->cli_errors();
  EXPECT_TRUE(std::regex_search(
      out,
      std::regex(R"(Z 61 +start +matched +backend-errors\n    rule "backend-errors" matched)")))
      << out;
  EXPECT_TRUE(std::regex_search(out, std::regex(R"(Z 62 +watch +below_min_events +-\n    \S)")))
      << out;
  EXPECT_LT(out.find(" 62 "), out.find(" 61 ")) << out;  // newest first
}

// An `error` webhook subscription sends a delivery per event: a noisy issue
// whose run is active is one decision that counts the rest (schema v10),
// logged once, and every delivery still names the decision it led to.
TEST_F(DecisionsCliTest, AFloodForAnIssueWithARunningRunIsOneDecisionThatCountsTheRest) {
  fake_.set_issue(63, issue_json({.id = 63}));
  fake_.set_start_response(63, 202, start_response_json(6300));
  fake_.script_autofix(63, {legacy_autofix_json({.run_id = 6300, .status = "PROCESSING"})},
                       /*only_after_start=*/true);
  start_daemon();
  ASSERT_EQ(send_issue({.id = 63}, "flood-0").status, 202);
  ASSERT_TRUE(eventually([&] {
    return count_where("SELECT COUNT(*) FROM runs WHERE issue_id = 63 AND state = 'running'") == 1;
  }));
  constexpr int kFlood = 20;
  for (int i = 1; i <= kFlood; ++i) {
    // Counts differ, so no body is a duplicate of another.
    ASSERT_EQ(send_issue({.id = 63, .count = 150 + i}, "flood-" + std::to_string(i)).status, 202);
  }
  ASSERT_TRUE(eventually([&] {
    return count_where("SELECT COUNT(*) FROM deliveries WHERE state = 'processed'") == kFlood + 1;
  }));

  const auto rows = decisions_json({"--issue", "63"});
  ASSERT_EQ(rows.size(), 2u) << rows.dump(2);
  const auto& skip = rows[0];
  EXPECT_EQ(skip["decision"], "skip");
  EXPECT_EQ(skip["reason"], "already_running");
  EXPECT_EQ(skip["request_id"], "flood-1");
  EXPECT_EQ(skip["facts"]["events"], 151) << "the first skip's facts";
  EXPECT_EQ(skip["repeats"], kFlood - 1);
  EXPECT_FALSE(skip["last_repeated_at"].is_null());
  EXPECT_EQ(rows[1]["decision"], "start");
  EXPECT_EQ(rows[1]["repeats"], 0);
  EXPECT_TRUE(rows[1]["last_repeated_at"].is_null());

  const std::string skip_id = std::to_string(skip["id"].get<std::int64_t>());
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM deliveries WHERE decision_id = " + skip_id), kFlood);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM deliveries WHERE decision_id IS NULL"), 0);

  const auto [code, out] = daemon_->cli({"decisions", "--issue", "63"});
  ASSERT_EQ(code, 0) << daemon_->cli_errors();
  EXPECT_NE(out.find("and 19 later deliveries decided the same, the last at "), std::string::npos)
      << out;
  const std::string log = daemon_->log();
  std::size_t said = 0;
  for (auto at = log.find("skipped (already_running)"); at != std::string::npos;
       at = log.find("skipped (already_running)", at + 1)) {
    ++said;
  }
  EXPECT_EQ(said, 1u) << log;
}

// Once the skip is stored, the flood's later deliveries are counted on it
// in the transaction that stores them: processed when the 202 is sent, and
// a kill -9 right after neither loses nor repeats a count.
TEST_F(DecisionsCliTest, AFloodIsCountedOnTheSkipAsEachDeliveryIsStored) {
  fake_.set_issue(64, issue_json({.id = 64}));
  fake_.set_start_response(64, 202, start_response_json(6400));
  fake_.script_autofix(64, {legacy_autofix_json({.run_id = 6400, .status = "PROCESSING"})},
                       /*only_after_start=*/true);
  start_daemon();
  ASSERT_EQ(send_issue({.id = 64}, "busy-0").status, 202);
  ASSERT_TRUE(eventually([&] {
    return count_where("SELECT COUNT(*) FROM runs WHERE issue_id = 64 AND state = 'running'") == 1;
  }));
  ASSERT_EQ(send_issue({.id = 64, .count = 151}, "busy-1").status, 202);
  ASSERT_TRUE(eventually([&] { return decisions("skip") == 1; }));
  const std::string skip_id = std::to_string(
      count_where("SELECT id FROM decisions WHERE outcome = 'skip' AND issue_id = 64"));

  constexpr int kFlood = 8;
  for (int i = 2; i < 2 + kFlood; ++i) {
    const std::string request = "busy-" + std::to_string(i);
    ASSERT_EQ(send_issue({.id = 64, .count = 150 + i}, request).status, 202);
    EXPECT_EQ(count_where("SELECT COUNT(*) FROM deliveries WHERE request_id = '" + request +
                          "' AND state = 'processed' AND decision_id = " + skip_id),
              1)
        << request << " was not decided when its 202 was sent";
  }
  const auto metrics = http_request(daemon_->port(), "GET", "/metrics", {}, "").body;
  EXPECT_NE(metrics.find("autofixd_decisions_repeated_at_intake_total " + std::to_string(kFlood)),
            std::string::npos)
      << metrics;

  daemon_->kill9();
  daemon_->start();
  ASSERT_EQ(send_issue({.id = 64, .count = 999}, "busy-after-restart").status, 202);
  EXPECT_EQ(count_where("SELECT repeats FROM decisions WHERE id = " + skip_id), kFlood + 1);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = 64"), 2);
  EXPECT_EQ(count_where("SELECT COUNT(*) FROM deliveries WHERE state = 'pending'"), 0);
}

TEST_F(DecisionsCliTest, BadArgumentsExitTwo) {
  start_daemon();
  EXPECT_EQ(daemon_->cli({"decisions", "--issue", "BACKEND 12"}).first, 2);
  EXPECT_NE(daemon_->cli_errors().find("--issue"), std::string::npos);
  EXPECT_EQ(daemon_->cli({"decisions", "--limit", "0"}).first, 2);
  EXPECT_EQ(daemon_->cli({"decisions", "--limit", "many"}).first, 2);
  EXPECT_EQ(daemon_->cli({"decisions", "--unknown"}).first, 2);
}

TEST_F(DecisionsCliTest, UnreadableStoreExitsOneNamingThePath) {
  daemon_ = std::make_unique<DaemonProcess>(daemon_config(fake_, {.with_token = false}));
  EXPECT_EQ(daemon_->cli({"decisions"}).first, 1);
  EXPECT_NE(daemon_->cli_errors().find(daemon_->store_path().string()), std::string::npos)
      << daemon_->cli_errors();
}

// check-rules, against the test config (rule backend-errors: backend,
// error/fatal, min_events 10, min_fixability medium). Its token file is
// never written: check-rules must not need it.
class CheckRulesCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon_ = std::make_unique<DaemonProcess>(daemon_config(fake_));
    cases_ = daemon_->dir() / "cases";
    fs::create_directories(cases_);
  }

  void write_case(const std::string& name, const std::string& text) {
    std::ofstream(cases_ / (name + ".json")) << text;
  }
  static std::string case_text(const IssueSpec& spec, const std::string& expect) {
    return R"({"resource": "issue", "payload": )" + issue_webhook(spec) + R"(, "expect": )" +
           expect + "}";
  }
  std::pair<int, std::string> check(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"check-rules", cases_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return daemon_->cli(args);
  }

  FakeSentry fake_;
  std::unique_ptr<DaemonProcess> daemon_;
  fs::path cases_;
};

TEST_F(CheckRulesCliTest, MatchingCasesPass) {
  write_case("a-start",
             case_text({.id = 70}, R"({"decision": "start", "rule": "backend-errors"})"));
  write_case("b-watch", case_text({.id = 71, .count = 3}, R"({"decision": "watch"})"));
  const auto [code, out] = check();
  EXPECT_EQ(code, 0) << out << daemon_->cli_errors();
  EXPECT_EQ(out, "PASS a-start\nPASS b-watch\n2 passed, 0 failed\n");
}

TEST_F(CheckRulesCliTest, AMismatchExitsOneWithADiffLine) {
  write_case("a-start", case_text({.id = 70}, R"({"decision": "start"})"));
  write_case("b-wrong", case_text({.id = 72}, R"({"decision": "skip", "reason": "cooldown"})"));
  const auto [code, out] = check();
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("PASS a-start\n"), std::string::npos) << out;
  EXPECT_NE(out.find("FAIL b-wrong: expected decision=skip reason=cooldown, got decision=start "
                     "rule=backend-errors reason=matched (rule \"backend-errors\" matched"),
            std::string::npos)
      << out;

  const auto [json_code, json_out] = check({"--json"});
  EXPECT_EQ(json_code, 1);
  const auto results = nlohmann::json::parse(json_out);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["passed"], true);
  EXPECT_EQ(results[1]["case"], "b-wrong");
  EXPECT_EQ(results[1]["passed"], false);
  EXPECT_EQ(results[1]["got"]["decision"], "start");
}

TEST_F(CheckRulesCliTest, AnUnreadableCaseExitsTwoNamingFileAndField) {
  write_case("a-start", case_text({.id = 70}, R"({"decision": "start"})"));
  write_case("b-no-decision", case_text({.id = 70}, R"({"rule": "backend-errors"})"));
  auto [code, out] = check();
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("PASS a-start"), std::string::npos) << out;
  const auto errors = daemon_->cli_errors();
  EXPECT_NE(errors.find((cases_ / "b-no-decision.json").string() + ": expect.decision: missing"),
            std::string::npos)
      << errors;

  write_case("b-no-decision", "{\"resource\": ");
  EXPECT_EQ(check().first, 2);
  EXPECT_NE(daemon_->cli_errors().find("b-no-decision.json: not valid JSON"), std::string::npos);
}

TEST_F(CheckRulesCliTest, AMissingOrEmptyDirectoryExitsTwo) {
  EXPECT_EQ(check().first, 2);  // exists, no *.json
  EXPECT_NE(daemon_->cli_errors().find("no *.json cases"), std::string::npos);
  fs::remove_all(cases_);
  EXPECT_EQ(check().first, 2);
  EXPECT_NE(daemon_->cli_errors().find("no such directory"), std::string::npos);
  EXPECT_EQ(daemon_->cli({"check-rules"}).first, 2);  // CASES_DIR is required
}

// The examples shipped in config/rule-cases/ hold for the shipped config,
// whose credential files (/run/credentials/...) do not exist here.
TEST(ShippedRuleCases, PassAgainstTheShippedConfig) {
  DaemonProcess shipped(read_text(kRepo / "config" / "autofixd.toml"));
  const auto [code, out] = shipped.cli({"check-rules", (kRepo / "config" / "rule-cases").string()});
  EXPECT_EQ(code, 0) << out << shipped.cli_errors();
  EXPECT_EQ(out.find("FAIL"), std::string::npos) << out;
  EXPECT_NE(out.find("PASS backend-prs-start\n"), std::string::npos) << out;
  EXPECT_NE(out.find(" 0 failed\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace autofixd::testing
