#pragma once
// The Owlmetry issues API over HTTPS for one [[tracker]]: Bearer auth,
// paginated issue search, status, comments. Every failure is an Error whose
// message names the tracker and the call ("tracker owl: PATCH issue 9f…:
// HTTP 400: …"); the key is never in a message. Network thread only.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "notify/owlmetry.hpp"
#include "sentry/https_client.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

namespace autofixd::notify {

namespace net = boost::asio;

class TrackerClient {
 public:
  // `http` speaks to tracker.base_url and outlives this client.
  TrackerClient(sentry::HttpsClient& http, const config::Tracker& tracker, const Clock& clock);

  // The first issue of the tracker's project titled exactly `title` that is
  // not resolved, walking every page (at most kMaxPages of 200).
  net::awaitable<Result<std::optional<owlmetry::IssueSummary>>> find_open_issue(
      std::string_view title);
  net::awaitable<Result<owlmetry::IssueSummary>> issue(std::string_view id);
  net::awaitable<Status> set_status(std::string_view id, std::string_view status);
  net::awaitable<Result<std::vector<owlmetry::TrackerComment>>> comments(std::string_view id);
  // The created comment's id.
  net::awaitable<Result<std::string>> post_comment(std::string_view id, std::string markdown);

  static constexpr int kMaxPages = 50;

 private:
  net::awaitable<Result<sentry::HttpResponse>> call(std::string_view method, std::string target,
                                                    std::string body, std::string what);

  sentry::HttpsClient& http_;
  std::string name_;
  std::string project_;
  std::string key_;
  const Clock& clock_;
};

}  // namespace autofixd::notify
