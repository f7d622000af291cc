#pragma once
// The real SentryApi: organization-scoped REST calls over HttpsClient, with
// client-side admission control (at most max_concurrent_requests in flight,
// at most requests_per_second started) and status classification as in
// api.hpp. It does not retry: the runs engine retries "sentry.transient".
// A 429 with Retry-After or X-Sentry-Rate-Limit-Reset pauses every request
// until then: calls made during the pause wait (up to 2 s) or fail at once
// with "sentry.transient" and retry_after set to what is left of it.
//
// Threading: construct and call on one single-threaded executor (the network
// thread). The client must outlive every call in progress.

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "config/config.hpp"
#include "sentry/api.hpp"
#include "sentry/call_metrics.hpp"
#include "sentry/http_response.hpp"

namespace autofixd::sentry {

struct CallInfo;

class SentryClient final : public SentryApi {
 public:
  // Most pages list_comments() follows.
  static constexpr int kMaxCommentPages = 10;

  // Throws std::invalid_argument when config.base_url does not parse or
  // config.ca_file cannot be loaded (construction happens at start-up).
  // An empty config.token sends no Authorization header (dry-run callers
  // should not call the write endpoints at all).
  SentryClient(net::any_io_executor executor, const config::SentryConfig& config);

  // The same, with those failures as an Error (code "sentry.config").
  static Result<std::unique_ptr<SentryClient>> create(net::any_io_executor executor,
                                                      const config::SentryConfig& config);
  ~SentryClient() override;
  SentryClient(const SentryClient&) = delete;
  SentryClient& operator=(const SentryClient&) = delete;

  net::awaitable<Result<IssueDetails>> get_issue(IssueId issue) override;
  net::awaitable<Result<IssueDetails>> get_issue_in(IssueId issue,
                                                    std::vector<std::string> environments) override;
  net::awaitable<Result<StartedRun>> start_autofix(IssueId issue, StartAutofix request) override;
  net::awaitable<Result<SeerSetup>> get_autofix_setup(IssueId issue) override;
  net::awaitable<Result<AutofixState>> get_autofix(IssueId issue) override;
  net::awaitable<Result<std::vector<Comment>>> list_comments(IssueId issue) override;
  net::awaitable<Result<PostedComment>> post_comment(IssueId issue, std::string text) override;
  net::awaitable<Result<std::vector<ListedIssue>>> list_recent_issues(int max_pages) override;
  net::awaitable<Result<std::optional<std::string>>> latest_event_tag(IssueId issue,
                                                                      std::string key) override;

  // Replaces the bearer token (SIGHUP after the token file was rotated).
  void set_token(const std::string& token);

  // TCP connections opened so far (keep-alive reuse shows as a small number).
  std::size_t connections_opened() const;
  // Latency, answers and rate-limit waits of every call so far.
  const CallMetrics& metrics() const;

 private:
  struct Impl;

  // Waits for admission, sends, and returns the response whatever its
  // status; only transport failures are errors (already naming the call).
  net::awaitable<Result<HttpResponse>> send(const CallInfo& call, std::string_view method,
                                            std::string target, std::string body);

  net::awaitable<Status> wait_out_pause(const CallInfo& call);
  void note_rate_limit(const HttpResponse& response);

  std::unique_ptr<Impl> impl_;
};

}  // namespace autofixd::sentry
