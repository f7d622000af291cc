#include "sentry/call_metrics.hpp"

namespace autofixd::sentry {

std::string_view to_string(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::issue_details: return "issue_details";
    case Endpoint::autofix_get: return "autofix_get";
    case Endpoint::autofix_post: return "autofix_post";
    case Endpoint::comments_get: return "comments_get";
    case Endpoint::comments_post: return "comments_post";
    case Endpoint::issue_list: return "issue_list";
    case Endpoint::setup: return "setup";
    case Endpoint::other: return "other";
  }
  return "other";
}

Endpoint endpoint_of(std::string_view call_name) {
  if (call_name == "GET issue") return Endpoint::issue_details;
  if (call_name == "GET autofix") return Endpoint::autofix_get;
  if (call_name == "POST autofix") return Endpoint::autofix_post;
  if (call_name == "GET comments") return Endpoint::comments_get;
  if (call_name == "POST comment") return Endpoint::comments_post;
  if (call_name == "GET issues") return Endpoint::issue_list;
  if (call_name == "GET autofix setup") return Endpoint::setup;
  return Endpoint::other;
}

std::string_view to_string(StatusClass status) {
  switch (status) {
    case StatusClass::ok_2xx: return "2xx";
    case StatusClass::redirect_3xx: return "3xx";
    case StatusClass::client_4xx: return "4xx";
    case StatusClass::server_5xx: return "5xx";
    case StatusClass::transport: return "transport";
  }
  return "transport";
}

StatusClass status_class(int http_status) {
  if (http_status >= 200 && http_status < 300) return StatusClass::ok_2xx;
  if (http_status >= 300 && http_status < 400) return StatusClass::redirect_3xx;
  if (http_status >= 400 && http_status < 500) return StatusClass::client_4xx;
  if (http_status >= 500 && http_status < 600) return StatusClass::server_5xx;
  return StatusClass::transport;
}

std::string_view to_string(WaitReason reason) {
  return reason == WaitReason::sentry_429 ? "sentry_429" : "client_limit";
}

CallMetrics::CallMetrics()
    : latency{Histogram::latency(), Histogram::latency(), Histogram::latency(),
              Histogram::latency(), Histogram::latency(), Histogram::latency(),
              Histogram::latency(), Histogram::latency()} {}

void CallMetrics::record(Endpoint endpoint, StatusClass status, double seconds) {
  const auto e = static_cast<std::size_t>(endpoint);
  latency[e].observe(seconds);
  ++requests[e][static_cast<std::size_t>(status)];
}

void CallMetrics::waited(WaitReason reason, double seconds) {
  const auto r = static_cast<std::size_t>(reason);
  ++waits[r];
  wait_seconds[r] += seconds;
}

}  // namespace autofixd::sentry
