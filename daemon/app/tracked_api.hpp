#pragma once
// Wraps the Sentry client to remember how the last call went, for /readyz
// and /metrics. Network thread only.

#include <cstdint>
#include <string>

#include "sentry/api.hpp"

namespace autofixd::app {

namespace net = boost::asio;

struct SentryHealth {
  bool any_call = false;
  bool last_ok = false;
  std::string last_error;
  std::uint64_t calls = 0;
  std::uint64_t failures = 0;
};

class TrackedApi final : public sentry::SentryApi {
 public:
  explicit TrackedApi(sentry::SentryApi& inner) : inner_(inner) {}

  net::awaitable<Result<sentry::IssueDetails>> get_issue(IssueId issue) override {
    co_return note(co_await inner_.get_issue(issue));
  }
  net::awaitable<Result<sentry::IssueDetails>> get_issue_in(
      IssueId issue, std::vector<std::string> environments) override {
    co_return note(co_await inner_.get_issue_in(issue, std::move(environments)));
  }
  net::awaitable<Result<sentry::StartedRun>> start_autofix(IssueId issue,
                                                           sentry::StartAutofix request) override {
    co_return note(co_await inner_.start_autofix(issue, std::move(request)));
  }
  net::awaitable<Result<sentry::SeerSetup>> get_autofix_setup(IssueId issue) override {
    co_return note(co_await inner_.get_autofix_setup(issue));
  }
  net::awaitable<Result<std::optional<std::string>>> latest_event_tag(IssueId issue,
                                                                      std::string key) override {
    co_return note(co_await inner_.latest_event_tag(issue, std::move(key)));
  }
  net::awaitable<Result<sentry::AutofixState>> get_autofix(IssueId issue) override {
    co_return note(co_await inner_.get_autofix(issue));
  }
  net::awaitable<Result<std::vector<sentry::Comment>>> list_comments(IssueId issue) override {
    co_return note(co_await inner_.list_comments(issue));
  }
  net::awaitable<Result<sentry::PostedComment>> post_comment(IssueId issue,
                                                             std::string text) override {
    co_return note(co_await inner_.post_comment(issue, std::move(text)));
  }

  net::awaitable<Result<std::vector<sentry::ListedIssue>>> list_recent_issues(
      int max_pages) override {
    co_return note(co_await inner_.list_recent_issues(max_pages));
  }

  const SentryHealth& health() const { return health_; }

 private:
  template <typename T>
  Result<T> note(Result<T> result) {
    ++health_.calls;
    health_.any_call = true;
    // Only transport failures and 5xx/429/auth say Sentry is unusable; a 404
    // for one issue does not.
    const bool broken = !result && (result.error().code == "sentry.transient" ||
                                    result.error().code == "sentry.auth");
    health_.last_ok = !broken;
    if (!result) {
      ++health_.failures;
      if (broken) health_.last_error = result.error().message;
    }
    return result;
  }

  sentry::SentryApi& inner_;
  SentryHealth health_;
};

}  // namespace autofixd::app
