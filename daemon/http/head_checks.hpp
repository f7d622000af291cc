#pragma once
// Checks on a request's head (request line and headers) that Beast's parser
// leaves to the server: framing it accepts but we must not (a Transfer-Encoding
// other than "chunked"), headers whose duplicates would be ambiguous, the
// HTTP version, and the media type of a POST body. Pure: unit-tested without
// a socket.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace autofixd::http {

struct Head {
  unsigned version = 11;  // 10 = HTTP/1.0, 11 = HTTP/1.1
  std::string_view method;
  std::vector<std::pair<std::string_view, std::string_view>> fields;  // as received
  std::string_view target{};                                          // path and query as sent

  // Value of the first field named `name` (case-insensitive), or "".
  std::string_view field(std::string_view name) const;
};

struct Rejection {
  int status;
  std::string code;           // "bad_request", "unsupported_media_type", ...
  std::string message;        // what to fix, safe to echo (no request bytes)
  std::string retry_after{};  // seconds, sent as Retry-After when set (503)
};

// nullopt when the head is acceptable. Rejections:
//   505 http_version_not_supported  version other than 1.0 or 1.1
//   400 bad_request                 HTTP/1.1 without Host; Host, Content-Type or
//                                   Transfer-Encoding sent twice; a
//                                   Transfer-Encoding other than "chunked"
//   415 unsupported_media_type      POST whose Content-Type is not
//                                   application/json (charset utf-8 if named),
//                                   or with a Content-Encoding other than identity
std::optional<Rejection> check_head(const Head& head);

}  // namespace autofixd::http
