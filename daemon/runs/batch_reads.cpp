#include "runs/batch_reads.hpp"

namespace autofixd::runs {
namespace {

std::string joined(const std::vector<std::string>& environments) {
  std::string key;
  for (const std::string& name : environments) key += name + "\n";
  return key;
}

}  // namespace

net::awaitable<Result<sentry::IssueDetails>> BatchReads::get_issue(IssueId issue) {
  const auto key = std::make_pair(issue.value, std::string());
  if (auto it = details_.find(key); it != details_.end()) co_return it->second;
  auto read = co_await sentry_.get_issue(issue);
  details_.insert_or_assign(key, read);
  co_return read;
}

net::awaitable<Result<sentry::IssueDetails>> BatchReads::get_issue_in(
    IssueId issue, std::vector<std::string> environments) {
  const auto key = std::make_pair(issue.value, joined(environments));
  if (auto it = details_.find(key); it != details_.end()) co_return it->second;
  auto read = co_await sentry_.get_issue_in(issue, std::move(environments));
  details_.insert_or_assign(key, read);
  co_return read;
}

net::awaitable<Result<sentry::AutofixState>> BatchReads::get_autofix(IssueId issue) {
  if (auto it = autofix_.find(issue.value); it != autofix_.end()) co_return it->second.first;
  auto read = co_await sentry_.get_autofix(issue);
  autofix_.insert_or_assign(issue.value, std::make_pair(read, std::chrono::steady_clock::now()));
  co_return read;
}

net::awaitable<Result<sentry::SeerSetup>> BatchReads::get_autofix_setup(IssueId issue) {
  if (auto it = setups_.find(issue.value); it != setups_.end()) co_return it->second;
  auto read = co_await sentry_.get_autofix_setup(issue);
  setups_.insert_or_assign(issue.value, read);
  co_return read;
}

net::awaitable<Result<sentry::StartedRun>> BatchReads::start_autofix(IssueId issue,
                                                                     sentry::StartAutofix request) {
  co_return co_await sentry_.start_autofix(issue, std::move(request));
}

net::awaitable<Result<std::vector<sentry::Comment>>> BatchReads::list_comments(IssueId issue) {
  co_return co_await sentry_.list_comments(issue);
}

net::awaitable<Result<sentry::PostedComment>> BatchReads::post_comment(IssueId issue,
                                                                       std::string text) {
  co_return co_await sentry_.post_comment(issue, std::move(text));
}

net::awaitable<Result<std::vector<sentry::ListedIssue>>> BatchReads::list_recent_issues(
    int max_pages) {
  co_return co_await sentry_.list_recent_issues(max_pages);
}

net::awaitable<Result<std::optional<std::string>>> BatchReads::latest_event_tag(IssueId issue,
                                                                                std::string key) {
  co_return co_await sentry_.latest_event_tag(issue, std::move(key));
}

std::optional<BatchReads::SeerRead> BatchReads::autofix_read(IssueId issue) const {
  const auto it = autofix_.find(issue.value);
  if (it == autofix_.end() || !it->second.first) return std::nullopt;
  return SeerRead{*it->second.first, it->second.second};
}

}  // namespace autofixd::runs
