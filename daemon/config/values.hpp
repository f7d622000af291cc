#pragma once
// Internal to config/: validation of single values that have a syntax of
// their own. Each returns the normalised value or an Error whose message
// says what is wrong and what was expected, without the key (the caller
// knows which key and line it came from).

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace autofixd::config::detail {

struct ListenAddress {
  std::string host;  // without the brackets of an IPv6 literal
  std::uint16_t port = 0;
};

// "HOST:PORT", "[IPv6]:PORT"; PORT 0..65535.
Result<ListenAddress> parse_listen(std::string_view text);

// http(s)://host[:port][/]; returns it without the trailing slash. Plain
// http is refused unless the host is loopback (127.x.x.x, ::1, localhost).
Result<std::string> normalize_base_url(std::string_view text);

bool is_loopback_host(std::string_view host);

struct TargetUrl {
  std::string origin;  // "https://host[:port]", as normalize_base_url returns it
  std::string target;  // path and query, starting with '/'
};

// A URL to POST to (a Slack incoming webhook, a paging tool): origin checked
// like normalize_base_url; the rest may hold a path and query, no fragment.
// Messages never repeat the URL: its path is often the credential.
Result<TargetUrl> parse_target_url(std::string_view text);

// A Sentry organization slug: letters, digits, '-', '_', '.'; it goes into
// URL paths, so nothing else.
bool is_valid_slug(std::string_view text);

}  // namespace autofixd::config::detail
