#include "http/response_head.hpp"

#include <charconv>

namespace autofixd::http {
namespace {

// A header value is internal (a literal, a number, a route's Allow list),
// never a client's; still, a line break in one would end the head early.
void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  for (const char c : value) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  out.append("\r\n");
}

void append_number(std::string& out, std::size_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

bool has_no_content(int status) { return status / 100 == 1 || status == 204 || status == 304; }

}  // namespace

std::string response_head(const Response& response, std::string_view reason,
                          const ResponseFraming& framing) {
  std::string out;
  out.reserve(128 + response.headers.size() * 48);
  out.append(framing.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  append_number(out, static_cast<std::size_t>(response.status));
  out.push_back(' ');
  out.append(reason);
  out.append("\r\n");
  append_field(out, "Server", "autofixd");
  append_field(out, "Content-Type", response.content_type);
  for (const auto& [name, value] : response.headers) append_field(out, name, value);
  // HTTP/1.1 keeps a connection open unless told; HTTP/1.0 closes it unless told.
  if (framing.version == 10 && framing.keep_alive) append_field(out, "Connection", "keep-alive");
  if (framing.version != 10 && !framing.keep_alive) append_field(out, "Connection", "close");
  if (!has_no_content(response.status)) {
    out.append("Content-Length: ");
    append_number(out, response.body.size());
    out.append("\r\n");
  }
  out.append("\r\n");
  return out;
}

bool response_sends_body(const Response& response, const ResponseFraming& framing) {
  return !framing.head_only && !has_no_content(response.status);
}

}  // namespace autofixd::http
