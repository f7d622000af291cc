#pragma once
// The real daemon against FakeSentry's Seer model (enable_seer): configs with
// the tests' own rules, and readers for what the daemon did (start and
// continuation POSTs, comments, stored runs and decisions).

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "integration/daemon_fixture.hpp"

namespace autofixd::testing {

// Short timings so the suite stays quick; every new [polling] key set.
inline constexpr const char* kSeerPolling =
    "initial_interval = \"100ms\"\nmax_interval = \"200ms\"\ntimeout = \"20s\"\n"
    "step_grace = \"2s\"\nuncertain_start_window = \"3s\"\ninput_timeout = \"30s\"";

// One [[rule]] for project "backend" (error/fatal, fixability medium or more).
inline std::string seer_rule(const std::string& name, const std::string& stopping_point,
                             int min_events, const std::string& extra_keys = "") {
  return "[[rule]]\nname = \"" + name +
         "\"\nprojects = [\"backend\"]\n"
         "levels = [\"error\", \"fatal\"]\nmin_events = " +
         std::to_string(min_events) + "\nmin_fixability = \"medium\"\nstopping_point = \"" +
         stopping_point + "\"\n" + extra_keys;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

inline bool contains_nocase(std::string text, std::string part) {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  return contains(lower(std::move(text)), lower(std::move(part)));
}

class SeerDaemonTest : public DaemonTest {
 protected:
  static DaemonOptions seer_options(std::string extra_sentry_keys = "") {
    DaemonOptions options;
    options.polling = kSeerPolling;
    options.extra_sentry_keys = std::move(extra_sentry_keys);
    return options;
  }

  // Starts the daemon with `rules` (TOML, one or more [[rule]] tables, tried
  // in order) instead of the fixture's default rule.
  void start_with_rules(const std::string& rules, const DaemonOptions& options = seer_options()) {
    std::string config = daemon_config(fake_, options);
    config = config.substr(0, config.find("[[rule]]")) + rules;
    daemon_ = std::make_unique<DaemonProcess>(config);
    const auto token_file = daemon_->dir() / "token";
    std::ofstream(token_file) << fake_.token() << "\n";
    std::filesystem::permissions(
        token_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    daemon_->start();
  }

  // Issue `id` (150 events unless told) exists in Sentry with Seer on.
  void seer_issue(std::int64_t id, SeerOptions options = {}, std::int64_t count = 150) {
    fake_.set_issue(id, issue_json({.id = id, .count = count}));
    fake_.enable_seer(id, std::move(options));
  }

  // `autofixd runs --json` entry for `issue` (the newest); null when none.
  nlohmann::json run_entry(std::int64_t issue) {
    auto [code, out] = daemon_->cli({"runs", "--json"});
    auto runs = nlohmann::json::parse(out, nullptr, false);
    if (code != 0 || !runs.is_array()) return nullptr;
    nlohmann::json newest;
    for (const auto& run : runs) {
      if (run.value("issue_id", "") != std::to_string(issue)) continue;
      if (newest.is_null() || run.value("id", 0) > newest.value("id", 0)) newest = run;
    }
    return newest;
  }

  std::size_t starts(std::int64_t issue) { return fake_.start_posts(issue).size(); }
  std::size_t continuations(std::int64_t issue) { return fake_.continuation_posts(issue).size(); }
  std::vector<std::string> texts(std::int64_t issue) {
    std::vector<std::string> out;
    for (const auto& note : fake_.comments(issue)) out.push_back(note.text);
    return out;
  }
  // The only Seer run of `issue` (fails the test when there is not exactly one).
  SeerRunInfo only_run(std::int64_t issue) {
    auto runs = fake_.seer_runs(issue);
    EXPECT_EQ(runs.size(), 1u);
    return runs.empty() ? SeerRunInfo{} : runs[0];
  }

  // GET autofix requests for `issue` answered after its first start POST and
  // before its first comment POST: each advances Seer's run by one phase.
  std::size_t gets_before_first_comment(std::int64_t issue) {
    const auto autofix = fake_.autofix_path(issue);
    const auto comments = fake_.comments_path(issue);
    bool started = false;
    std::size_t gets = 0;
    for (const auto& r : fake_.requests()) {
      if (r.method == "POST" && r.path == comments) break;
      if (r.method == "POST" && r.path == autofix) started = true;
      if (started && r.method == "GET" && r.path == autofix) ++gets;
    }
    return gets;
  }

  using Instant = std::chrono::steady_clock::time_point;
  // When the n-th (1-based) GET autofix of `issue` after its first start POST arrived.
  std::optional<Instant> nth_get_after_start(std::int64_t issue, std::size_t n) {
    const auto autofix = fake_.autofix_path(issue);
    bool started = false;
    for (const auto& r : fake_.requests()) {
      if (r.method == "POST" && r.path == autofix) started = true;
      if (started && r.method == "GET" && r.path == autofix && --n == 0) return r.received_at;
    }
    return std::nullopt;
  }
  std::optional<Instant> first_comment_at(std::int64_t issue) {
    for (const auto& r : fake_.requests()) {
      if (r.method == "POST" && r.path == fake_.comments_path(issue)) return r.received_at;
    }
    return std::nullopt;
  }

  std::int64_t decisions_with(std::int64_t issue, const std::string& outcome,
                              const std::string& reason) {
    return count_where("SELECT COUNT(*) FROM decisions WHERE issue_id = " + std::to_string(issue) +
                       " AND outcome = '" + outcome + "' AND reason = '" + reason + "'");
  }

  // Nothing more happens for a while: lets a wrong extra POST or comment show.
  static void settle(std::chrono::milliseconds quiet = std::chrono::milliseconds(800)) {
    std::this_thread::sleep_for(quiet);
  }
};

// The signed `event_alert.triggered` webhook an alert rule sends for `issue`.
inline std::string event_alert_webhook(std::int64_t issue) {
  const std::string id = std::to_string(issue);
  nlohmann::json event = {
      {"issue_id", id},
      {"issue_url", "https://sentry.io/api/0/organizations/acme/issues/" + id + "/"},
      {"level", "error"},
      {"title", "ZeroDivisionError: division by zero"},
      {"project", 1},
      {"event_id", "e4874d664c3540c1a32eab185f12c5ab"},
      {"platform", "python"}};
  nlohmann::json body = {
      {"action", "triggered"},
      {"installation", {{"uuid", "7a485448-a9e2-4c85-8a3c-4f44175783c9"}}},
      {"data", {{"event", event}, {"triggered_rule", "Backend errors"}}},
      {"actor", {{"type", "application"}, {"id", "sentry"}, {"name", "Sentry"}}}};
  return body.dump();
}

}  // namespace autofixd::testing
