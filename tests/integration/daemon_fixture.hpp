#pragma once
// A real autofixd process pointed at a FakeSentry over HTTPS with a test CA.

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "integration/daemon_process.hpp"
#include "integration/fake_sentry.hpp"
#include "integration/fake_sentry_json.hpp"
#include "store/store.hpp"

namespace autofixd::testing {

inline constexpr const char* kSecret = "test-client-secret";

struct DaemonOptions {
  // A start POST without an answer is looked for this long before another
  // (uncertain starts); short here so fault tests stay fast.
  std::string polling =
      "initial_interval = \"100ms\"\nmax_interval = \"200ms\"\ntimeout = \"20s\"\n"
      "uncertain_start_window = \"1s\"";
  bool with_token = true;
  std::string extra_rule_keys{};
  std::string extra_server_keys{};  // appended to [server], one "key = value" per line
  std::string extra_sentry_keys{};  // appended to [sentry], one "key = value" per line
  std::string sweep_interval = "0s";  // off unless a test is about the sweep
  std::string extra_store_keys{};     // appended to [store], one "key = value" per line
  std::string extra_sections{};       // whole tables ("[budget]\n..."), before the rule
};

inline std::string daemon_config(const FakeSentry& fake, const DaemonOptions& o = {}) {
  std::string token = o.with_token ? "token_file = \"{DIR}/token\"\n" : "";
  return "[server]\nlisten = \"127.0.0.1:0\"\nwebhook_path = \"/sentry/webhook\"\n"
         "client_secret = \"" + std::string(kSecret) + "\"\nmax_body_bytes = 65536\n" +
         o.extra_server_keys + "[sentry]\nbase_url = \"" + fake.base_url() + "\"\norganization = \"" + fake.org() +
         "\"\n" + token + "ca_file = \"" + fake.ca_file() + "\"\nrequests_per_second = 200\n" +
         o.extra_sentry_keys +
         "[store]\npath = \"{DIR}/store/autofixd.db\"\n" + o.extra_store_keys +
         "[polling]\n" + o.polling + "\n"
         "[sweep]\ninterval = \"" + o.sweep_interval + "\"\n"
         "[log]\nlevel = \"debug\"\n" + o.extra_sections +
         "[[rule]]\nname = \"backend-errors\"\nprojects = [\"backend\"]\n"
         "levels = [\"error\", \"fatal\"]\nmin_events = 10\nmin_fixability = \"medium\"\n"
         "stopping_point = \"open_pr\"\ninstruction = \"Prefer minimal fixes.\"\n" +
         o.extra_rule_keys;
}

// The `issue.created` webhook body Sentry would send for `spec` (compact JSON).
inline std::string issue_webhook(const IssueSpec& spec, const std::string& action = "created") {
  nlohmann::json body = {{"action", action},
                         {"installation", {{"uuid", "7a485448-a9e2-4c85-8a3c-4f44175783c9"}}},
                         {"data", {{"issue", nlohmann::json::parse(issue_json(spec))}}},
                         {"actor", {{"type", "application"}, {"id", "sentry"}, {"name", "Sentry"}}}};
  return body.dump();
}

class DaemonTest : public ::testing::Test {
 protected:
  void start_daemon(const DaemonOptions& options = {}) {
    prepare_daemon(options);
    before_start();
    daemon_->start();
  }

  // Writes the daemon's directory (config, token) without starting it.
  void prepare_daemon(const DaemonOptions& options = {}) {
    daemon_ = std::make_unique<DaemonProcess>(daemon_config(fake_, options));
    if (options.with_token) {
      const auto token_file = daemon_->dir() / "token";
      std::ofstream(token_file) << fake_.token() << "\n";
      std::filesystem::permissions(token_file, std::filesystem::perms::owner_read |
                                                   std::filesystem::perms::owner_write);
    }
  }

  // Runs between writing the daemon's directory and starting it.
  virtual void before_start() {}

  void TearDown() override {
    if (HasFailure() && daemon_) std::cerr << "---- daemon log ----\n" << daemon_->log();
  }

  // `issue` qualifies; once started (as Sentry run `run`) it is COMPLETED at
  // the first poll, with a root cause.
  void script_completed_run(std::int64_t issue, std::int64_t run) {
    fake_.set_issue(issue, issue_json({.id = issue}));
    fake_.set_start_response(issue, 202, start_response_json(run));
    AutofixSpec done{.run_id = run, .status = "COMPLETED"};
    done.root_cause = "Root cause of issue " + std::to_string(issue) + ".";
    fake_.script_autofix(issue, {legacy_autofix_json(done)}, /*only_after_start=*/true);
  }

  HttpResult send_issue(const IssueSpec& spec, const std::string& request_id) {
    return post_webhook(daemon_->port(), "issue", issue_webhook(spec), request_id, kSecret);
  }

  store::RunCounts counts() {
    auto store = store::Store::open_read_only(daemon_->store_path().string());
    if (!store) return {};
    auto c = store->counts();
    return c ? *c : store::RunCounts{};
  }

  std::int64_t deliveries() {
    auto store = store::Store::open_read_only(daemon_->store_path().string());
    if (!store) return -1;
    auto stmt = store::Statement::prepare(store->database(), "SELECT COUNT(*) FROM deliveries");
    if (!stmt || !stmt->step()) return -1;
    return stmt->column_int(0);
  }

  // Decisions taken with `outcome`: a row each, and the later deliveries
  // counted on a row as its repeats (schema v10).
  std::int64_t decisions(const std::string& outcome) {
    auto store = store::Store::open_read_only(daemon_->store_path().string());
    if (!store) return -1;
    auto stmt = store::Statement::prepare(
        store->database(),
        "SELECT COALESCE(SUM(1 + repeats), 0) FROM decisions WHERE outcome = ?1");
    if (!stmt) return -1;
    stmt->bind(1, outcome);
    if (!stmt->step()) return -1;
    return stmt->column_int(0);
  }

  // The first column of the first row of `sql` run on `store`; -1 on failure.
  static std::int64_t first_int(store::Store& store, const std::string& sql) {
    auto stmt = store::Statement::prepare(store.database(), sql);
    if (!stmt) return -1;
    auto row = stmt->step();
    return row && *row ? stmt->column_int(0) : -1;
  }
  // Same, on a read-only connection to the daemon's store.
  std::int64_t count_where(const std::string& sql) {
    auto store = store::Store::open_read_only(daemon_->store_path().string());
    return store ? first_int(*store, sql) : -1;
  }

  // Request-IDs of every delivery in the store.
  std::set<std::string> stored_request_ids() {
    std::set<std::string> ids;
    auto store = store::Store::open_read_only(daemon_->store_path().string());
    if (!store) return ids;
    auto stmt = store::Statement::prepare(store->database(), "SELECT request_id FROM deliveries");
    if (!stmt) return ids;
    for (auto row = stmt->step(); row && *row; row = stmt->step()) ids.insert(stmt->column_text(0));
    return ids;
  }

  std::size_t autofix_posts(std::int64_t issue) { return fake_.count("POST", fake_.autofix_path(issue)); }
  std::size_t comment_posts(std::int64_t issue) {
    return fake_.count("POST", fake_.comments_path(issue));
  }

  // The newest run's state for `issue` ("" when none), and its comment's.
  std::string run_state(std::int64_t issue) { return newest(issue, "runs"); }
  std::string comment_state(std::int64_t issue) { return newest(issue, "comments"); }
  std::string run_detail(std::int64_t issue) {
    auto store = store::Store::open_read_only(daemon_->store_path().string());
    if (!store) return "";
    auto stmt = store::Statement::prepare(
        store->database(), "SELECT detail FROM runs WHERE issue_id = ?1 ORDER BY id DESC LIMIT 1");
    if (!stmt) return "";
    stmt->bind(1, issue);
    auto row = stmt->step();
    return row && *row ? stmt->column_text(0) : "";
  }

  FakeSentry fake_;
  std::unique_ptr<DaemonProcess> daemon_;

 private:
  std::string newest(std::int64_t issue, const std::string& table) {
    if (!daemon_ || !std::filesystem::exists(daemon_->store_path())) return "";
    auto store = store::Store::open_read_only(daemon_->store_path().string());
    if (!store) return "";
    const std::string key = table == "runs" ? "id" : "run_id";
    auto stmt = store::Statement::prepare(
        store->database(),
        "SELECT state FROM " + table + " WHERE issue_id = ?1 ORDER BY " + key + " DESC LIMIT 1");
    if (!stmt) return "";
    stmt->bind(1, issue);
    auto row = stmt->step();
    return row && *row ? stmt->column_text(0) : "";
  }
};

}  // namespace autofixd::testing
