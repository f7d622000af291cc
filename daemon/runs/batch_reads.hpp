#pragma once
// Sentry's answers to the reads one batch of decisions makes, kept for the
// batch: the processor assesses each issue of a batch ahead of deciding it
// (several at once, runs/look_ahead.hpp), and the decisions, taken in order
// afterwards, replay those answers instead of asking again. Reads nobody
// made yet go to Sentry and are kept too; writes (start, comments) and
// lists always go to Sentry. An error is kept like an answer: a decision
// replaying it fails as it would have failed itself. Network thread only.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sentry/api.hpp"

namespace autofixd::runs {

namespace net = boost::asio;

class BatchReads final : public sentry::SentryApi {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;

  explicit BatchReads(sentry::SentryApi& sentry) : sentry_(sentry) {}

  net::awaitable<Result<sentry::IssueDetails>> get_issue(IssueId issue) override;
  net::awaitable<Result<sentry::IssueDetails>> get_issue_in(
      IssueId issue, std::vector<std::string> environments) override;
  net::awaitable<Result<sentry::AutofixState>> get_autofix(IssueId issue) override;
  net::awaitable<Result<sentry::SeerSetup>> get_autofix_setup(IssueId issue) override;
  net::awaitable<Result<sentry::StartedRun>> start_autofix(IssueId issue,
                                                           sentry::StartAutofix request) override;
  net::awaitable<Result<std::vector<sentry::Comment>>> list_comments(IssueId issue) override;
  net::awaitable<Result<sentry::PostedComment>> post_comment(IssueId issue,
                                                             std::string text) override;
  net::awaitable<Result<std::vector<sentry::ListedIssue>>> list_recent_issues(
      int max_pages) override;
  net::awaitable<Result<std::optional<std::string>>> latest_event_tag(IssueId issue,
                                                                      std::string key) override;

  // The issue's autofix state as Sentry answered it in this batch, and when
  // the answer arrived; nullopt when it was not read or the read failed.
  struct SeerRead {
    sentry::AutofixState state;
    SteadyTime at;
  };
  std::optional<SeerRead> autofix_read(IssueId issue) const;

 private:
  sentry::SentryApi& sentry_;
  // Issue details by issue and environments (joined; "" for all of them).
  std::map<std::pair<std::int64_t, std::string>, Result<sentry::IssueDetails>> details_;
  std::map<std::int64_t, std::pair<Result<sentry::AutofixState>, SteadyTime>> autofix_;
  std::map<std::int64_t, Result<sentry::SeerSetup>> setups_;
};

}  // namespace autofixd::runs
