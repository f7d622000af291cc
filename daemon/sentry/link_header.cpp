#include "sentry/link_header.hpp"

#include <map>

namespace autofixd::sentry {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Parses `; key="value"; key2=value2` up to the ',' ending one link (or the
// end). Advances `rest` past what it consumed.
std::map<std::string, std::string> parse_params(std::string_view& rest) {
  std::map<std::string, std::string> params;
  while (true) {
    rest = trim(rest);
    if (rest.empty()) return params;
    if (rest.front() == ',') {
      rest.remove_prefix(1);
      return params;
    }
    if (rest.front() == ';') rest.remove_prefix(1);
    auto eq = rest.find_first_of("=;,");
    std::string key(trim(rest.substr(0, eq)));
    if (eq == std::string_view::npos || rest[eq] != '=') {
      rest = eq == std::string_view::npos ? std::string_view{} : rest.substr(eq);
      params[key] = "";
      continue;
    }
    rest = trim(rest.substr(eq + 1));
    std::string value;
    if (!rest.empty() && rest.front() == '"') {
      auto close = rest.find('"', 1);
      value = std::string(rest.substr(1, close == std::string_view::npos ? close : close - 1));
      rest = close == std::string_view::npos ? std::string_view{} : rest.substr(close + 1);
    } else {
      auto end = rest.find_first_of(";,");
      value = std::string(trim(rest.substr(0, end)));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    }
    params[key] = value;
  }
}

}  // namespace

std::optional<std::string> next_page_cursor(std::string_view link_header) {
  std::string_view rest = link_header;
  while (true) {
    auto open = rest.find('<');
    if (open == std::string_view::npos) return std::nullopt;
    auto close = rest.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    rest = rest.substr(close + 1);
    auto params = parse_params(rest);
    if (params["rel"] != "next") continue;
    if (params["results"] != "true" || params["cursor"].empty()) return std::nullopt;
    return params["cursor"];
  }
}

}  // namespace autofixd::sentry
