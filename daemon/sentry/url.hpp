#pragma once
// The base URL of the Sentry API, taken apart once at start-up so the HTTP
// client never re-parses it. Pure functions; no I/O.

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace autofixd::sentry {

struct BaseUrl {
  std::string scheme;       // "https" or "http", lower case
  std::string host;         // name or IP literal, IPv6 without brackets
  std::uint16_t port = 0;   // explicit, or 443 / 80 by scheme
  bool tls = true;          // scheme == "https"
  std::string path_prefix;  // "" or e.g. "/sentry" (self-hosted under a path); no trailing '/'

  // "host" or "host:port" as the Host header wants it (port omitted when it
  // is the scheme's default; IPv6 literals in brackets).
  std::string host_header() const;
  // "host:port" for messages.
  std::string authority() const;
};

// Parses "https://host[:port][/prefix]" or "http://host[:port][/prefix]".
// Errors (code "sentry.bad_url"): another scheme, empty host, user info,
// a bad port, a query or fragment.
Result<BaseUrl> parse_base_url(std::string_view url);

// True for "localhost", 127.0.0.0/8 and ::1 (the hosts plain http is allowed to).
bool is_loopback_host(std::string_view host);

// True when `host` is an IPv4 or IPv6 literal (IPv6 without brackets).
bool is_ip_literal(std::string_view host);

// Percent-encodes everything except RFC 3986 unreserved characters; for one
// path segment or query value.
std::string url_encode(std::string_view text);

}  // namespace autofixd::sentry
