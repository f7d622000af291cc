#include "config/values.hpp"

#include <algorithm>
#include <cctype>

#include "config/section.hpp"

namespace autofixd::config::detail {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// Port text to a number; nullopt unless it is 1..5 digits and <= 65535.
std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (!all_digits(text) || text.size() > 5) return std::nullopt;
  const long value = std::stol(std::string(text));
  if (value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_ipv4_loopback(std::string_view host) {
  int parts = 0;
  std::size_t start = 0;
  while (start <= host.size()) {
    const std::size_t dot = std::min(host.find('.', start), host.size());
    const std::string_view part = host.substr(start, dot - start);
    if (!all_digits(part) || part.size() > 3 || std::stoi(std::string(part)) > 255) return false;
    if (++parts == 1 && part != "127") return false;
    start = dot + 1;
  }
  return parts == 4;
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

// Splits "host[:port]" / "[v6][:port]"; host keeps IPv6 brackets off.
struct HostPort {
  std::string host;
  std::string port;  // empty when absent
  bool ok = false;
};

HostPort split_host_port(std::string_view text) {
  HostPort out;
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return out;
    out.host = std::string(text.substr(1, close - 1));
    rest = text.substr(close + 1);
    if (out.host.empty() ||
        out.host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos) {
      return out;
    }
  } else {
    const std::size_t colon = text.find(':');
    out.host = std::string(text.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
    if (out.host.empty() || !std::all_of(out.host.begin(), out.host.end(), is_host_char))
      return out;
  }
  if (!rest.empty()) {
    if (rest.front() != ':') return out;
    out.port = std::string(rest.substr(1));
    if (out.port.empty()) return out;
  }
  out.ok = true;
  return out;
}

}  // namespace

Result<ListenAddress> parse_listen(std::string_view text) {
  const std::string expected =
      " (expected HOST:PORT with PORT 0..65535, e.g. \"127.0.0.1:8080\" or \"[::1]:8080\")";
  const HostPort parts = split_host_port(text);
  if (!parts.ok || parts.port.empty()) {
    return make_error("config.invalid_value", quote(text) + " is not HOST:PORT" + expected);
  }
  const std::optional<std::uint16_t> port = parse_port(parts.port);
  if (!port) {
    return make_error("config.invalid_value",
                      quote(text) + " has an invalid port " + quote(parts.port) + expected);
  }
  return ListenAddress{parts.host, *port};
}

bool is_loopback_host(std::string_view host) {
  const std::string h = lower(host);
  return h == "localhost" || h == "::1" || is_ipv4_loopback(h);
}

Result<std::string> normalize_base_url(std::string_view text) {
  const std::string example = " (expected http(s)://HOST[:PORT], e.g. \"https://sentry.io\")";
  const std::size_t scheme_end = text.find("://");
  const std::string scheme =
      scheme_end == std::string_view::npos ? std::string() : lower(text.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") {
    return make_error("config.invalid_value", quote(text) + " is not an http(s) URL" + example);
  }
  std::string_view authority = text.substr(scheme_end + 3);
  if (!authority.empty() && authority.back() == '/') authority.remove_suffix(1);
  if (authority.find_first_of("/?#@") != std::string_view::npos) {
    return make_error("config.invalid_value",
                      quote(text) + " has more than a scheme, host and port" + example);
  }
  const HostPort parts = split_host_port(authority);
  // Port 0 means "any" to a listener but nothing to a client.
  if (!parts.ok || (!parts.port.empty() && parse_port(parts.port).value_or(0) == 0)) {
    return make_error("config.invalid_value",
                      quote(text) + " has an invalid host or port" + example);
  }
  if (scheme == "http" && !is_loopback_host(parts.host)) {
    return make_error("config.insecure_url",
                      quote(text) +
                          " uses plain http to a host that is not loopback (TLS is "
                          "required: use https://; http is only allowed for 127.x.x.x, "
                          "::1 and localhost)");
  }
  return scheme + "://" + std::string(authority);
}

Result<TargetUrl> parse_target_url(std::string_view text) {
  const std::size_t scheme_end = text.find("://");
  const std::size_t path_start =
      scheme_end == std::string_view::npos ? std::string_view::npos : text.find('/', scheme_end + 3);
  const std::string_view origin_text = text.substr(0, path_start);
  Result<std::string> origin = normalize_base_url(origin_text);
  if (!origin) {
    // normalize_base_url quotes what it was given: only the origin, never the path.
    return origin.error();
  }
  std::string target = path_start == std::string_view::npos ? "/" : std::string(text.substr(path_start));
  if (target.find('#') != std::string::npos) {
    return make_error("config.invalid_value",
                      "the URL for " + *origin + " has a fragment (#...) (expected a path and query "
                      "only)");
  }
  for (const char c : target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return make_error("config.invalid_value",
                        "the URL for " + *origin +
                            " holds a space or control character (expected a URL-encoded path)");
    }
  }
  return TargetUrl{*origin, std::move(target)};
}

bool is_valid_slug(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_host_char);
}

}  // namespace autofixd::config::detail
