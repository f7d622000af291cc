#include "sentry/url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace autofixd::sentry {

namespace {

Error bad_url(std::string_view url, std::string_view why) {
  return make_error("sentry.bad_url",
                    "Sentry base URL \"" + std::string(url) + "\": " + std::string(why));
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool parse_port(std::string_view text, std::uint16_t& port) {
  if (text.empty() || text.size() > 5) return false;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535) {
    return false;
  }
  port = static_cast<std::uint16_t>(value);
  return true;
}

// Splits "host[:port]" / "[v6][:port]" into url.host and url.port.
Status parse_authority(std::string_view url, std::string_view authority, BaseUrl& out) {
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return bad_url(url, "unterminated IPv6 literal");
    host = authority.substr(1, close - 1);
    auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad_url(url, "junk after IPv6 literal");
      port = rest.substr(1);
    }
    if (!is_ip_literal(host)) return bad_url(url, "bad IPv6 literal");
  } else if (authority.find(':') != authority.rfind(':')) {
    return bad_url(url, "IPv6 literals need brackets, e.g. https://[::1]:9000");
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return bad_url(url, "empty host");
  if (port.empty()) {
    out.port = out.tls ? 443 : 80;
  } else if (!parse_port(port, out.port)) {
    return bad_url(url, "bad port \"" + std::string(port) + "\"");
  }
  out.host = lower(host);
  return {};
}

}  // namespace

std::string BaseUrl::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  bool default_port = (tls && port == 443) || (!tls && port == 80);
  return default_port ? h : h + ":" + std::to_string(port);
}

std::string BaseUrl::authority() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + std::to_string(port);
}

Result<BaseUrl> parse_base_url(std::string_view url) {
  BaseUrl out;
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return bad_url(url, "expected https://host[:port]");
  out.scheme = lower(url.substr(0, sep));
  if (out.scheme != "https" && out.scheme != "http") {
    return bad_url(url, "scheme must be https or http");
  }
  out.tls = out.scheme == "https";
  std::string_view rest = url.substr(sep + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return bad_url(url, "query and fragment are not allowed");
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos) {
    return bad_url(url, "user info is not allowed (put the token in token_file)");
  }
  if (auto st = parse_authority(url, authority, out); !st) return st.error();
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    while (path.ends_with('/')) path.remove_suffix(1);
    out.path_prefix = std::string(path);
  }
  return out;
}

bool is_ip_literal(std::string_view host) {
  std::string text(host);
  std::array<unsigned char, 16> buf{};
  return inet_pton(AF_INET, text.c_str(), buf.data()) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buf.data()) == 1;
}

bool is_loopback_host(std::string_view host) {
  std::string h = lower(host);
  if (h.starts_with('[') && h.ends_with(']')) h = h.substr(1, h.size() - 2);
  if (h == "localhost" || h == "localhost.") return true;
  std::array<unsigned char, 16> buf{};
  if (inet_pton(AF_INET, h.c_str(), buf.data()) == 1) return buf[0] == 127;
  if (inet_pton(AF_INET6, h.c_str(), buf.data()) == 1) {
    static constexpr std::array<unsigned char, 16> kLoopback6{0, 0, 0, 0, 0, 0, 0, 0,
                                                              0, 0, 0, 0, 0, 0, 0, 1};
    return buf == kLoopback6;
  }
  return false;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

}  // namespace autofixd::sentry
