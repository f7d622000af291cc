#include "http/message.hpp"

#include <nlohmann/json.hpp>

namespace autofixd::http {

namespace {

// Header names are ASCII tokens: no locale (std::tolower is a call per byte
// into it, about 1 % of intake's CPU).
constexpr unsigned char ascii_lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c | 0x20U) : c;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(static_cast<unsigned char>(a[i])) !=
        ascii_lower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

std::string_view Request::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

Response json_error(int status, std::string_view code, std::string_view message) {
  nlohmann::json body = {{"error", code}, {"message", message}};
  // Replace invalid UTF-8 (a message may quote request bytes) instead of throwing.
  return Response{status, "application/json",
                  body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", {}};
}

Response json_status(int status, std::string_view status_text, std::string_view extra) {
  std::string body = "{\"status\":" + nlohmann::json(status_text).dump();
  if (!extra.empty()) {
    body += ",";
    body += extra;
  }
  body += "}\n";
  return Response{status, "application/json", std::move(body), {}};
}

}  // namespace autofixd::http
