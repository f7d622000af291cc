#pragma once
// The Sentry calls autofixd makes, as an interface so the runs engine and the
// processor can be driven by a fake in tests. The real implementation is
// SentryClient (sentry_client.hpp). All methods run on the caller's executor
// (the network thread) and never block it.
//
// Errors: Error::http_status holds Sentry's status when one was received
// (402 no Seer budget, 403 forbidden, 404 gone, 429 rate limited, 5xx),
// 0 for transport failures (connect, TLS verification, timeout). Error::code
// is one of:
//   "sentry.transient"  worth retrying later (5xx, 429, connection, timeout);
//                       Error::retry_after is set when Sentry said when
//   "sentry.auth"       401/403: token missing a scope or revoked
//   "sentry.seer_disabled" 403 on GET/POST autofix other than DRF's scope
//                       refusal ("You are not authorized to perform this
//                       action", "AI features are disabled ..."): Seer / AI
//                       features are off for the organization or project
//   "sentry.not_found"  404
//   "sentry.no_budget"  402
//   "sentry.rejected"   other 4xx (message carries Sentry's detail)
//   "sentry.bad_response" a 2xx whose body could not be understood

#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "sentry/issue_list.hpp"
#include "sentry/types.hpp"
#include "util/result.hpp"

namespace autofixd::sentry {

namespace net = boost::asio;

// POST .../autofix/ (docs/sentry.md "Starting a run", "Continuing a run").
// Without `run_id` a new, billed run to `stopping_point`. With it, the Seer
// run continues with one `step` (solution, code_changes, open_pr,
// coding_agent_handoff); no stopping_point is sent then, since Sentry would
// restart at root_cause.
struct StartAutofix {
  config::StoppingPoint stopping_point = config::StoppingPoint::root_cause;
  std::string instruction;  // sent as user_context (current API) and instruction (older)
  std::optional<SentryRunId> run_id{};
  std::string sentry_run_uuid{};  // sent as sentry_run_id when known
  std::string step{};
  std::string repo_name{};  // open_pr target, when set
  std::optional<config::CodingAgentHandoff> coding_agent{};  // step coding_agent_handoff
};



// Result of POSTing a comment: 201 → posted; Sentry's 400 "already posted"
// for our own identical text → already_posted (the comment exists).
struct PostedComment {
  std::string id;  // empty when already_posted
  bool already_posted = false;
};

class SentryApi {
 public:
  virtual ~SentryApi() = default;
  virtual net::awaitable<Result<IssueDetails>> get_issue(IssueId issue) = 0;
  // The issue as seen in `environments` only (?environment=... each):
  // userCount and stats are theirs, count stays the all-environment total
  // (docs/sentry.md "Environments"). A name Sentry does not know is 404.
  virtual net::awaitable<Result<IssueDetails>> get_issue_in(IssueId issue,
                                                            std::vector<std::string> environments) = 0;
  // Errors as above; a transport failure with Error::request_sent may have
  // reached Sentry (an uncertain start).
  virtual net::awaitable<Result<StartedRun>> start_autofix(IssueId issue, StartAutofix request) = 0;
  virtual net::awaitable<Result<SeerSetup>> get_autofix_setup(IssueId issue) = 0;
  virtual net::awaitable<Result<AutofixState>> get_autofix(IssueId issue) = 0;
  // Newest first, at most `max_pages` pages (Link-header pagination).
  virtual net::awaitable<Result<std::vector<Comment>>> list_comments(IssueId issue) = 0;
  virtual net::awaitable<Result<PostedComment>> post_comment(IssueId issue, std::string text) = 0;
  // Unresolved issues seen in the last 24 hours, most recently seen first,
  // at most `max_pages` pages of 100 (for the sweep).
  virtual net::awaitable<Result<std::vector<ListedIssue>>> list_recent_issues(int max_pages) = 0;
  // The value of tag `key` on the issue's latest event; nullopt when it has
  // no such tag ([[tracker]] match = "tag:NAME").
  virtual net::awaitable<Result<std::optional<std::string>>> latest_event_tag(IssueId issue,
                                                                              std::string key) = 0;
};

}  // namespace autofixd::sentry
