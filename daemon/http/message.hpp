#pragma once
// HTTP requests and responses as plain values, so handlers never see Beast
// (and are unit-testable without a socket).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace autofixd::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote;  // peer address, for logs

  // Value of the first header named `name` (case-insensitive), or "".
  std::string_view header(std::string_view name) const;
  // Target without the query string.
  std::string_view path() const;
};

struct Response {
  int status = 200;
  // Always a string literal (one of a few fixed types): no copy per response.
  std::string_view content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// {"error": code, "message": message} with `status`.
Response json_error(int status, std::string_view code, std::string_view message);
// {"status": status_text} plus extra preformatted JSON members, e.g. "\"id\":3".
Response json_status(int status, std::string_view status_text, std::string_view extra = {});

bool iequals(std::string_view a, std::string_view b);

}  // namespace autofixd::http
