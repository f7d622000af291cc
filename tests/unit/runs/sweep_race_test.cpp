// The sweep against a webhook for the same issue (issue 14, item 10b): the
// sweep's check for issues never seen and its insert are one store call, so
// a webhook committed while the sweep runs is either seen by the check or
// stored after the sweep's delivery, never between the two.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "runs/sweeper.hpp"

namespace autofixd::runs {
namespace {

// Sentry lists one issue; nothing else is asked of it.
class ListingApi final : public sentry::SentryApi {
 public:
  explicit ListingApi(std::vector<sentry::ListedIssue> issues) : issues_(std::move(issues)) {}
  net::awaitable<Result<std::vector<sentry::ListedIssue>>> list_recent_issues(int) override {
    co_return issues_;
  }
  net::awaitable<Result<sentry::IssueDetails>> get_issue(IssueId) override { co_return unused(); }
  net::awaitable<Result<sentry::IssueDetails>> get_issue_in(IssueId,
                                                            std::vector<std::string>) override {
    co_return unused();
  }
  net::awaitable<Result<sentry::StartedRun>> start_autofix(IssueId, sentry::StartAutofix) override {
    co_return unused();
  }
  net::awaitable<Result<sentry::SeerSetup>> get_autofix_setup(IssueId) override {
    co_return unused();
  }
  net::awaitable<Result<sentry::AutofixState>> get_autofix(IssueId) override { co_return unused(); }
  net::awaitable<Result<std::optional<std::string>>> latest_event_tag(IssueId,
                                                                      std::string) override {
    co_return unused();
  }
  net::awaitable<Result<std::vector<sentry::Comment>>> list_comments(IssueId) override {
    co_return unused();
  }
  net::awaitable<Result<sentry::PostedComment>> post_comment(IssueId, std::string) override {
    co_return unused();
  }

 private:
  static Error unused() { return make_error("test.unused", "not part of this test"); }
  std::vector<sentry::ListedIssue> issues_;
};

std::int64_t first_int(store::Store& s, const std::string& sql) {
  auto stmt = store::Statement::prepare(s.database(), sql);
  if (!stmt) return -1;
  auto row = stmt->step();
  return row && *row && !stmt->column_is_null(0) ? stmt->column_int(0) : -1;
}

TEST(SweepRace, AWebhookCommittedWhileTheSweepRunsIsNeverFollowedByASweepDelivery) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("autofixd-sweep-race-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto opened = store::Store::open((dir / "a.db").string());
  ASSERT_TRUE(opened) << opened.error().message;
  store::AsyncStore store(std::move(*opened));
  config::ConfigHolder config{config::Config{}};
  SystemClock clock;
  ListingApi api({{IssueId{82}, R"({"id":"82","title":"KeyError","status":"unresolved"})"}});
  net::io_context sweep_side;
  Sweeper sweeper(sweep_side.get_executor(), store, api, config, clock, [] {});
  net::co_spawn(sweep_side, sweeper.run(), net::detached);

  // The sweep lists and makes its first store call; the call runs on the
  // store thread, but the sweep cannot go on while this thread holds its
  // executor.
  sweep_side.poll();
  for (int i = 0; i < 1000 && store.queued() > 0; ++i) std::this_thread::sleep_for(Millis{2});
  ASSERT_EQ(store.queued(), 0u);

  // Now the webhook for issue 82 is committed.
  net::io_context webhook_side;
  store::NewDelivery webhook{"webhook-82", "issue", "created",  "evaluate",
                             IssueId{82},  "{}",    clock.now()};
  auto deliver = [&]() -> net::awaitable<void> {
    auto inserted = co_await store.insert_delivery(webhook);
    EXPECT_TRUE(inserted) << inserted.error().message;
  };
  net::co_spawn(webhook_side, deliver(), net::detached);
  webhook_side.run();

  // The sweep goes on and ends.
  sweep_side.restart();
  sweep_side.run_for(std::chrono::milliseconds(300));
  sweeper.stop();
  sweep_side.restart();
  sweep_side.run();

  auto check = [](store::Store& s) -> Result<std::pair<std::int64_t, std::int64_t>> {
    return std::pair{first_int(s, "SELECT id FROM deliveries WHERE request_id = 'webhook-82'"),
                     first_int(s, "SELECT MAX(id) FROM deliveries WHERE issue_id = 82 AND "
                                  "request_id <> 'webhook-82'")};
  };
  net::io_context reader;
  std::pair<std::int64_t, std::int64_t> ids{-1, -1};
  auto read = [&]() -> net::awaitable<void> {
    auto job = check;
    auto got = co_await store.call(std::move(job));
    if (got) ids = *got;
  };
  net::co_spawn(reader, read(), net::detached);
  reader.run();
  const auto [webhook_id, sweep_id] = ids;
  ASSERT_GT(webhook_id, 0);
  if (sweep_id > 0) {
    EXPECT_LT(sweep_id, webhook_id)
        << "the sweep stored issue 82 after its webhook was committed: the check and the "
           "insert were not one transaction";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace autofixd::runs
