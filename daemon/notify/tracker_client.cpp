#include "notify/tracker_client.hpp"

#include <nlohmann/json.hpp>

#include "notify/send_policy.hpp"

namespace autofixd::notify {

TrackerClient::TrackerClient(sentry::HttpsClient& http, const config::Tracker& tracker,
                             const Clock& clock)
    : http_(http), name_(tracker.name), project_(tracker.project_id), key_(tracker.api_key),
      clock_(clock) {}

net::awaitable<Result<sentry::HttpResponse>> TrackerClient::call(std::string_view method,
                                                                 std::string target,
                                                                 std::string body,
                                                                 std::string what) {
  what = "tracker " + name_ + ": " + what;
  sentry::HeaderList headers{{"Authorization", "Bearer " + key_}, {"Accept", "application/json"}};
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  auto response = co_await http_.request(method, std::move(target), std::move(body),
                                         std::move(headers));
  if (!response) {
    Error error = response.error();
    error.message = what + ": " + error.message;
    co_return error;
  }
  if (response->status < 200 || response->status > 299) {
    co_return classify_answer(what, *response, clock_.now());
  }
  co_return std::move(*response);
}

net::awaitable<Result<std::optional<owlmetry::IssueSummary>>> TrackerClient::find_open_issue(
    std::string_view title) {
  std::string cursor;
  for (int page = 0; page < kMaxPages; ++page) {
    auto response = co_await call("GET", owlmetry::issues_path(project_, cursor), "",
                                  "GET issues of project " + project_);
    if (!response) co_return response.error();
    auto parsed = owlmetry::parse_issue_page(response->body);
    if (!parsed) co_return parsed.error();
    if (auto found = owlmetry::open_issue_titled(*parsed, title)) {
      co_return std::optional<owlmetry::IssueSummary>(std::move(*found));
    }
    if (!parsed->has_more) co_return std::optional<owlmetry::IssueSummary>{};
    cursor = parsed->cursor;
  }
  co_return make_error("notify.rejected",
                       "tracker " + name_ + ": project " + project_ + " has more than " +
                           std::to_string(kMaxPages * owlmetry::kPageLimit) +
                           " issues; no match within them (use match = \"tag:NAME\")");
}

net::awaitable<Result<owlmetry::IssueSummary>> TrackerClient::issue(std::string_view id) {
  auto response =
      co_await call("GET", owlmetry::issue_path(project_, id), "", "GET issue " + std::string(id));
  if (!response) co_return response.error();
  co_return owlmetry::parse_issue(response->body);
}

net::awaitable<Status> TrackerClient::set_status(std::string_view id, std::string_view status) {
  const std::string body = nlohmann::json{{"status", status}}.dump();
  auto response = co_await call("PATCH", owlmetry::issue_path(project_, id), body,
                                "PATCH issue " + std::string(id) + " status " +
                                    std::string(status));
  if (!response) co_return response.error();
  co_return Status{};
}

net::awaitable<Result<std::vector<owlmetry::TrackerComment>>> TrackerClient::comments(
    std::string_view id) {
  auto response = co_await call("GET", owlmetry::comments_path(project_, id), "",
                                "GET comments of issue " + std::string(id));
  if (!response) co_return response.error();
  co_return owlmetry::parse_comments(response->body);
}

net::awaitable<Result<std::string>> TrackerClient::post_comment(std::string_view id,
                                                                std::string markdown) {
  std::string body = nlohmann::json{{"body", std::move(markdown)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto response = co_await call("POST", owlmetry::comments_path(project_, id), std::move(body),
                                "POST comment on issue " + std::string(id));
  if (!response) co_return response.error();
  co_return owlmetry::parse_created_comment_id(response->body);
}

}  // namespace autofixd::notify
