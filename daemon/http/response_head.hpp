#pragma once
// A response's head as the bytes sent on the wire. Written by hand instead
// of by Beast's serializer: a webhook's answer is a few headers and a short
// JSON body, and Beast's generic buffer sequences cost more than the answer
// itself (bench/RESULTS.md). Pure: no socket, no Beast.

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace autofixd::http {

struct ResponseFraming {
  unsigned version = 11;   // the request's: 10 or 11
  bool keep_alive = true;  // whether the connection stays open after it
  bool head_only = false;  // the answer to HEAD: the headers, no body (RFC 9110 9.3.2)
};

// Status line, Server, Content-Type, the response's own headers,
// Connection when the version does not imply it, Content-Length (none for
// 1xx, 204 and 304) and the empty line. `reason` is the status line's
// reason phrase ("Accepted").
std::string response_head(const Response& response, std::string_view reason,
                          const ResponseFraming& framing);

// Whether the body follows the head: not for HEAD, 1xx, 204 or 304.
bool response_sends_body(const Response& response, const ResponseFraming& framing);

}  // namespace autofixd::http
