#include "sentry/sentry_client.hpp"

#include <chrono>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "sentry/autofix_state.hpp"
#include "sentry/classify.hpp"
#include "sentry/https_client.hpp"
#include "sentry/issue.hpp"
#include "sentry/link_header.hpp"
#include "sentry/request_gate.hpp"
#include "sentry/url.hpp"
#include "sentry/wire.hpp"

namespace autofixd::sentry {

namespace {

// One request at a time may start per token; a burst would let a freshly
// started daemon send requests_per_second requests in its first instant.
constexpr double kBurst = 1.0;
// During a rate-limit pause a call waits in the client when the pause ends
// this soon; a longer pause fails the call at once (sentry.transient with
// retry_after) so the caller reschedules durably instead of holding it.
constexpr std::chrono::milliseconds kMaxPauseWait{2000};

ClientOptions client_options(const config::SentryConfig& config) {
  ClientOptions options;
  options.base_url = config.base_url;
  options.ca_file = config.ca_file;
  options.connect_timeout = config.connect_timeout;
  options.request_timeout = config.request_timeout;
  options.max_idle_connections = std::max<std::size_t>(config.max_concurrent_requests, 1);
  return options;
}

bool is_success(const HttpResponse& response) {
  return response.status >= 200 && response.status < 300;
}

// Parses a 2xx body with `parse`, or classifies the failure.
template <typename T, typename Parse>
Result<T> parse_success(const CallInfo& call, const HttpResponse& response, Parse parse) {
  if (!is_success(response)) return classify_failure(call, response, std::chrono::system_clock::now());
  auto parsed = parse(response.body);
  if (!parsed) return bad_response(call, response.status, parsed.error());
  return std::move(parsed.value());
}

}  // namespace

struct SentryClient::Impl {
  Impl(const net::any_io_executor& executor, const config::SentryConfig& config)
      : http(executor, client_options(config)),
        gate(executor, config.max_concurrent_requests, config.requests_per_second, kBurst),
        paths(config.organization),
        authorization(config.token.empty() ? "" : "Bearer " + config.token) {}

  HeaderList headers(bool has_body) const {
    HeaderList list{{"Accept", "application/json"}};
    if (!authorization.empty()) list.emplace_back("Authorization", authorization);
    if (has_body) list.emplace_back("Content-Type", "application/json");
    return list;
  }

  HttpsClient http;
  RequestGate gate;
  ApiPaths paths;
  std::string authorization;
  std::chrono::steady_clock::time_point paused_until{};  // after a 429 with a hint
  CallMetrics metrics;
};

SentryClient::SentryClient(net::any_io_executor executor, const config::SentryConfig& config)
    : impl_(std::make_unique<Impl>(executor, config)) {}

SentryClient::~SentryClient() = default;

Result<std::unique_ptr<SentryClient>> SentryClient::create(net::any_io_executor executor,
                                                           const config::SentryConfig& config) {
  try {
    return std::make_unique<SentryClient>(std::move(executor), config);
  } catch (const std::invalid_argument& e) {
    return make_error("sentry.config", e.what());
  }
}

std::size_t SentryClient::connections_opened() const { return impl_->http.connections_opened(); }

const CallMetrics& SentryClient::metrics() const { return impl_->metrics; }

void SentryClient::set_token(const std::string& token) {
  impl_->authorization = token.empty() ? "" : "Bearer " + token;
}

net::awaitable<Status> SentryClient::wait_out_pause(const CallInfo& call) {
  using std::chrono::steady_clock;
  for (;;) {
    const auto left = impl_->paused_until - steady_clock::now();
    if (left <= steady_clock::duration::zero()) co_return Status{};
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(left);
    if (wait > kMaxPauseWait) {
      Error error = make_error("sentry.transient",
                               describe_call(call) + ": not sent, Sentry rate limit pause (" +
                                   std::to_string(wait.count()) + " ms left)");
      error.retry_after = wait;
      co_return error;
    }
    net::steady_timer timer(co_await net::this_coro::executor, wait);
    auto [ec] = co_await timer.async_wait(net::as_tuple(net::use_awaitable));
    impl_->metrics.waited(WaitReason::sentry_429, std::chrono::duration<double>(wait).count());
    if (ec) co_return make_error("sentry.transient", describe_call(call) + ": cancelled");
  }
}

void SentryClient::note_rate_limit(const HttpResponse& response) {
  const auto wait = retry_after(response, std::chrono::system_clock::now());
  if (wait <= std::chrono::milliseconds::zero()) return;  // no hint: callers back off
  const auto until = std::chrono::steady_clock::now() + wait;
  if (until <= impl_->paused_until) return;
  impl_->paused_until = until;
  spdlog::warn("sentry: rate limited (429); every request waits {} ms", wait.count());
}

net::awaitable<Result<HttpResponse>> SentryClient::send(const CallInfo& call,
                                                        std::string_view method,
                                                        std::string target, std::string body) {
  if (auto paused = co_await wait_out_pause(call); !paused) co_return paused.error();
  const auto admitted = std::chrono::steady_clock::now();
  auto permit = co_await impl_->gate.enter();
  if (!permit) co_return call_failed(call, permit.error());
  auto headers = impl_->headers(!body.empty());
  const auto started = std::chrono::steady_clock::now();
  // A wait under a millisecond is no wait worth counting.
  if (started - admitted >= std::chrono::milliseconds(1)) {
    impl_->metrics.waited(WaitReason::client_limit,
                          std::chrono::duration<double>(started - admitted).count());
  }
  auto response = co_await impl_->http.request(method, target, std::move(body),
                                               std::move(headers));
  const auto took = std::chrono::steady_clock::now() - started;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
  impl_->metrics.record(endpoint_of(call.name),
                        response ? status_class(response->status) : StatusClass::transport,
                        std::chrono::duration<double>(took).count());
  if (!response) {
    Error error = call_failed(call, response.error());
    spdlog::debug("sentry: {} {} failed after {} ms: {}", method, target, ms, error.message);
    co_return error;
  }
  spdlog::debug("sentry: {} {} -> {} in {} ms", method, target, response->status, ms);
  if (response->status == 429) note_rate_limit(*response);
  co_return std::move(response.value());
}

net::awaitable<Result<IssueDetails>> SentryClient::get_issue(IssueId issue) {
  const CallInfo call{"GET issue", issue, false};
  auto response = co_await send(call, "GET", impl_->paths.issue(issue), {});
  if (!response) co_return response.error();
  co_return parse_success<IssueDetails>(call, *response, parse_issue);
}

net::awaitable<Result<IssueDetails>> SentryClient::get_issue_in(
    IssueId issue, std::vector<std::string> environments) {
  const CallInfo call{"GET issue", issue, false};
  std::string target = impl_->paths.issue(issue);
  char separator = '?';
  for (const std::string& name : environments) {
    target += separator;
    target += "environment=" + url_encode(name);
    separator = '&';
  }
  auto response = co_await send(call, "GET", target, {});
  if (!response) co_return response.error();
  co_return parse_success<IssueDetails>(call, *response, parse_issue);
}

net::awaitable<Result<StartedRun>> SentryClient::start_autofix(IssueId issue,
                                                               StartAutofix request) {
  const CallInfo call{"POST autofix", issue, true};
  auto response =
      co_await send(call, "POST", impl_->paths.autofix(issue), start_autofix_body(request));
  if (!response) co_return response.error();
  co_return parse_success<StartedRun>(call, *response, parse_started_run);
}

net::awaitable<Result<SeerSetup>> SentryClient::get_autofix_setup(IssueId issue) {
  const CallInfo call{"GET autofix setup", issue, false};
  auto response = co_await send(call, "GET", impl_->paths.autofix_setup(issue), {});
  if (!response) co_return response.error();
  co_return parse_success<SeerSetup>(call, *response, parse_autofix_setup);
}

net::awaitable<Result<std::optional<std::string>>> SentryClient::latest_event_tag(
    IssueId issue, std::string key) {
  const CallInfo call{"GET latest event", issue, false};
  auto response = co_await send(call, "GET", impl_->paths.latest_event(issue), {});
  if (!response) co_return response.error();
  auto parse = [&key](std::string_view body) { return parse_event_tag(body, key); };
  co_return parse_success<std::optional<std::string>>(call, *response, parse);
}

net::awaitable<Result<AutofixState>> SentryClient::get_autofix(IssueId issue) {
  const CallInfo call{"GET autofix", issue, false};
  auto response = co_await send(call, "GET", impl_->paths.autofix(issue), {});
  if (!response) co_return response.error();
  co_return parse_success<AutofixState>(call, *response, parse_autofix_state);
}

net::awaitable<Result<std::vector<Comment>>> SentryClient::list_comments(IssueId issue) {
  const CallInfo call{"GET comments", issue, false};
  const std::string path = impl_->paths.comments(issue);
  std::vector<Comment> all;
  std::string target = path;
  for (int page = 0; page < kMaxCommentPages; ++page) {
    auto response = co_await send(call, "GET", target, {});
    if (!response) co_return response.error();
    auto comments = parse_success<std::vector<Comment>>(call, *response, parse_comments);
    if (!comments) co_return comments.error();
    all.insert(all.end(), std::make_move_iterator(comments->begin()),
               std::make_move_iterator(comments->end()));
    // Only the cursor is taken from the Link header, never its host: the
    // token goes nowhere but the configured base URL.
    auto cursor = next_page_cursor(response->header("Link").value_or(""));
    if (!cursor) break;
    target = path + "?cursor=" + url_encode(*cursor);
  }
  co_return all;
}

net::awaitable<Result<PostedComment>> SentryClient::post_comment(IssueId issue, std::string text) {
  const CallInfo call{"POST comment", issue, true};
  auto response = co_await send(call, "POST", impl_->paths.comments(issue), comment_body(text));
  if (!response) co_return response.error();
  if (is_already_posted(*response)) co_return PostedComment{"", true};
  auto id = parse_success<std::string>(call, *response, parse_posted_comment_id);
  if (!id) co_return id.error();
  co_return PostedComment{std::move(*id), false};
}

net::awaitable<Result<std::vector<ListedIssue>>> SentryClient::list_recent_issues(int max_pages) {
  const CallInfo call{"GET issues", IssueId{0}, false};
  const std::string first = impl_->paths.recent_issues();
  std::vector<ListedIssue> all;
  std::string target = first;
  for (int page = 0; page < max_pages; ++page) {
    auto response = co_await send(call, "GET", target, {});
    if (!response) co_return response.error();
    auto listed = parse_success<IssueListPage>(call, *response, parse_issue_list);
    if (!listed) co_return listed.error();
    if (listed->skipped > 0) {
      spdlog::warn("sentry: issue list page {} had {} entries without an issue id; skipped",
                   page + 1, listed->skipped);
    }
    all.insert(all.end(), std::make_move_iterator(listed->issues.begin()),
               std::make_move_iterator(listed->issues.end()));
    // As in list_comments: only the cursor is taken from the Link header.
    auto cursor = next_page_cursor(response->header("Link").value_or(""));
    if (!cursor) break;
    target = first + "&cursor=" + url_encode(*cursor);
  }
  co_return all;
}

}  // namespace autofixd::sentry
