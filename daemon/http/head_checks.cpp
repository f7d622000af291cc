#include "http/head_checks.hpp"

#include "http/message.hpp"

namespace autofixd::http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::size_t count(const Head& head, std::string_view name) {
  std::size_t n = 0;
  for (const auto& [key, value] : head.fields) n += iequals(key, name) ? 1 : 0;
  return n;
}

std::optional<std::string_view> first(const Head& head, std::string_view name) {
  for (const auto& [key, value] : head.fields) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

Rejection bad_request(std::string message) { return {400, "bad_request", std::move(message)}; }

Rejection unsupported_media(std::string message) {
  return {415, "unsupported_media_type", std::move(message)};
}

// application/json, optionally with charset=utf-8 (any case, quoted or not).
bool is_json_utf8(std::string_view value) {
  const auto semicolon = value.find(';');
  if (!iequals(trim(value.substr(0, semicolon)), "application/json")) return false;
  std::string_view params = semicolon == std::string_view::npos ? "" : value.substr(semicolon + 1);
  while (!params.empty()) {
    const auto next = params.find(';');
    const std::string_view param = trim(params.substr(0, next));
    params = next == std::string_view::npos ? "" : params.substr(next + 1);
    const auto equals = param.find('=');
    if (equals == std::string_view::npos) continue;
    if (!iequals(trim(param.substr(0, equals)), "charset")) continue;
    std::string_view charset = trim(param.substr(equals + 1));
    if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
      charset = charset.substr(1, charset.size() - 2);
    }
    if (!iequals(charset, "utf-8") && !iequals(charset, "utf8")) return false;
  }
  return true;
}

std::optional<Rejection> check_framing(const Head& head) {
  if (head.version == 11 && count(head, "Host") == 0) {
    return bad_request("HTTP/1.1 request without a Host header");
  }
  for (const std::string_view name : {"Host", "Content-Type", "Transfer-Encoding"}) {
    if (count(head, name) > 1) {
      return bad_request("header " + std::string(name) + " sent more than once");
    }
  }
  // Beast frames only a final "chunked" coding; anything else would leave the
  // body's length unknown (RFC 9112 §6.3) or its bytes encoded.
  if (const auto coding = first(head, "Transfer-Encoding");
      coding && !iequals(trim(*coding), "chunked")) {
    return bad_request("unsupported Transfer-Encoding (only \"chunked\" is accepted)");
  }
  return std::nullopt;
}

std::optional<Rejection> check_media(const Head& head) {
  if (head.method != "POST") return std::nullopt;
  if (!is_json_utf8(first(head, "Content-Type").value_or(""))) {
    return unsupported_media("Content-Type must be application/json (UTF-8)");
  }
  if (const auto coding = first(head, "Content-Encoding");
      coding && !iequals(trim(*coding), "identity")) {
    return unsupported_media("Content-Encoding is not supported; send the body uncompressed");
  }
  return std::nullopt;
}

}  // namespace

std::string_view Head::field(std::string_view name) const {
  return first(*this, name).value_or(std::string_view{});
}

std::optional<Rejection> check_head(const Head& head) {
  if (head.version != 10 && head.version != 11) {
    return Rejection{505, "http_version_not_supported", "only HTTP/1.0 and HTTP/1.1 are served"};
  }
  if (auto rejection = check_framing(head)) return rejection;
  return check_media(head);
}

}  // namespace autofixd::http
