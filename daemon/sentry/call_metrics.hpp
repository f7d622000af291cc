#pragma once
// What the Sentry client counts for /metrics: latency and answers by
// endpoint, and the time calls spent waiting for a rate limit. The label
// sets are fixed, so the number of series is bounded. Network thread only.

#include <array>
#include <cstdint>
#include <string_view>

#include "util/histogram.hpp"

namespace autofixd::sentry {

enum class Endpoint {
  issue_details, autofix_get, autofix_post, comments_get, comments_post, issue_list, setup, other
};
inline constexpr std::size_t kEndpoints = 8;
std::string_view to_string(Endpoint endpoint);
// The endpoint of a call named as in CallInfo ("GET issue", "POST autofix" ...).
Endpoint endpoint_of(std::string_view call_name);

// 2xx, 3xx, 4xx, 5xx, or no HTTP answer at all (connect, TLS, time-out).
enum class StatusClass { ok_2xx, redirect_3xx, client_4xx, server_5xx, transport };
inline constexpr std::size_t kStatusClasses = 5;
std::string_view to_string(StatusClass status);
StatusClass status_class(int http_status);

// Why a call waited before it was sent: Sentry's 429 pause, or the
// client's own limits (requests_per_second, max_concurrent_requests).
enum class WaitReason { sentry_429, client_limit };
inline constexpr std::size_t kWaitReasons = 2;
std::string_view to_string(WaitReason reason);

struct CallMetrics {
  CallMetrics();
  void record(Endpoint endpoint, StatusClass status, double seconds);
  void waited(WaitReason reason, double seconds);

  std::array<Histogram, kEndpoints> latency;  // seconds, answered or not
  std::array<std::array<std::uint64_t, kStatusClasses>, kEndpoints> requests{};
  std::array<std::uint64_t, kWaitReasons> waits{};
  std::array<double, kWaitReasons> wait_seconds{};
};

}  // namespace autofixd::sentry
