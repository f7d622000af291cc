#include "integration/bad_request_cases.hpp"

#include <ctime>

#include "integration/raw_webhook.hpp"

namespace autofixd::testing {
namespace {

const std::string kInstallation =
    std::string(R"("installation":{"uuid":")") + kAllowedInstallation + R"("})";

// A signed issue.created body whose data.issue is `issue` (raw JSON text).
std::string issue_body(const std::string& issue) {
  return R"({"action":"created",)" + kInstallation + R"(,"data":{"issue":)" + issue + "}}";
}

std::string valid_body() { return issue_webhook({.id = 42}); }

// The valid body sent by another installation (nullopt: by none).
std::string body_from_installation(const std::optional<std::string>& uuid) {
  auto body = nlohmann::json::parse(valid_body());
  if (uuid) {
    body["installation"]["uuid"] = *uuid;
  } else {
    body.erase("installation");
  }
  return body.dump();
}

std::string now_plus(long long seconds) {
  return std::to_string(static_cast<long long>(::time(nullptr)) + seconds);
}

// The head of a POST whose body framing the caller supplies.
// Signed-looking (a signature is present, the timestamp fresh), so the
// framing is what is judged: the signature needs a body to be checked.
std::string post_head(const std::string& framing_headers) {
  return "POST /sentry/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
         "Content-Type: application/json\r\nSentry-Hook-Signature: 00\r\n"
         "Sentry-Hook-Timestamp: " +
         std::to_string(static_cast<long long>(::time(nullptr))) + "\r\n" + framing_headers +
         "\r\n";
}

}  // namespace

std::vector<BadRequest> authenticity_cases() {
  const std::string body = valid_body();
  return {
      {"missing signature", raw_request({.signature = std::nullopt}), {401}},
      {"empty signature", raw_request({.signature = ""}), {401}},
      {"signature made with another secret",
       raw_request({.signature = intake::sign(body, "not-the-secret")}),
       {401}},
      {"signature of another body",
       raw_request({.signature = intake::sign(body + " ", kSecret)}),
       {401}},
      {"signature one hex digit short",
       raw_request({.signature = intake::sign(body, kSecret).substr(1)}),
       {401}},
      {"signature that is not hex", raw_request({.signature = std::string(64, 'z')}), {401}},
      {"signature with a sha256= prefix",
       raw_request({.signature = "sha256=" + intake::sign(body, kSecret)}),
       {401}},
      {"missing timestamp", raw_request({.timestamp = std::nullopt}), {401}},
      {"timestamp an hour old", raw_request({.timestamp = now_plus(-3600)}), {401}},
      {"timestamp an hour ahead", raw_request({.timestamp = now_plus(3600)}), {401}},
      {"timestamp that is not a number", raw_request({.timestamp = "yesterday"}), {401}},
      {"negative timestamp", raw_request({.timestamp = "-5"}), {401}},
      {"timestamp in milliseconds", raw_request({.timestamp = now_plus(0) + "000"}), {401}},
      {"timestamp with a fraction", raw_request({.timestamp = now_plus(0) + ".5"}), {401}},
      {"installation not in allowed_installations",
       signed_request(body_from_installation("00000000-0000-4000-8000-000000000001")),
       {401}},
      {"no installation while allowed_installations is set",
       signed_request(body_from_installation(std::nullopt)),
       {401}},
  };
}

std::vector<BadRequest> header_cases() {
  return {
      {"missing Request-ID", raw_request({.request_id = std::nullopt}), {400}},
      {"Request-ID with a space", raw_request({.request_id = "abc def"}), {400}},
      {"Request-ID of 200 characters", raw_request({.request_id = std::string(200, 'a')}), {400}},
      {"Request-ID with non-ASCII bytes", raw_request({.request_id = "abc\xC3\xA9"}), {400}},
      {"Request-ID folded over two lines (header injection)",
       raw_request({.request_id = "abc\r\n Sentry-Hook-Resource: seer"}),
       {400}},
      {"two Sentry-Hook-Signature headers",
       raw_request({.extra_headers = "Sentry-Hook-Signature: " + std::string(64, '0') + "\r\n"}),
       {400}},
      {"two Request-ID headers", raw_request({.extra_headers = "Request-ID: other\r\n"}), {400}},
      {"text/plain content type", raw_request({.content_type = "text/plain"}), {415}},
      {"no content type", raw_request({.content_type = std::nullopt}), {415}},
      {"form content type",
       raw_request({.content_type = "application/x-www-form-urlencoded"}),
       {415}},
      {"JSON with a latin-1 charset",
       raw_request({.content_type = "application/json; charset=iso-8859-1"}),
       {415}},
      {"gzip content encoding",
       raw_request({.extra_headers = "Content-Encoding: gzip\r\n"}),
       {415}},
  };
}

std::vector<BadRequest> json_cases() {
  const std::string valid = valid_body();
  return {
      {"empty body", signed_request(""), {400}},
      {"truncated JSON", signed_request(valid.substr(0, valid.size() / 2)), {400}},
      {"bytes after the JSON document", signed_request(valid + "x"), {400}},
      {"two JSON documents", signed_request(valid + valid), {400}},
      {"a comment in the JSON", signed_request("/* hi */" + valid), {400}},
      {"single-quoted strings", signed_request("{'action':'created','data':{}}"), {400}},
      {"NaN", signed_request(issue_body(R"({"id":NaN})")), {400}},
      {"invalid UTF-8 in a string",
       signed_request(R"({"action":"created)"
                      "\xFF"
                      R"(","data":{"issue":{"id":"42"}}})"),
       {400}},
      {"overlong UTF-8 encoding of '/'",
       signed_request(R"({"action":"created)"
                      "\xC0\xAF"
                      R"(","data":{"issue":{"id":"42"}}})"),
       {400}},
      {"unpaired UTF-16 surrogate",
       signed_request(issue_body(R"({"id":"42","title":"\ud800"})")),
       {400}},
      {"NUL byte in the body",
       signed_request(std::string(R"({"action":"created")") + '\0' + "}"),
       {400}},
      {"duplicate key action",
       signed_request(R"({"action":"created","action":"resolved","data":{"issue":{"id":"42"}}})"),
       {400}},
      {"duplicate key data.issue.id",
       signed_request(issue_body(R"({"id":"42","id":"43"})")),
       {400}},
      {"nesting 100 levels deep",
       signed_request(
           issue_body(R"({"id":"42","x":)" + std::string(100, '[') + std::string(100, ']') + "}")),
       {400}},
      {"nesting 30000 levels deep",
       signed_request(issue_body(R"({"id":"42","x":)" + std::string(30000, '[') +
                                 std::string(30000, ']') + "}")),
       {400}},
      {"number beyond double (1e999)", signed_request(issue_body(R"({"id":1e999})")), {400}},
  };
}

std::vector<BadRequest> shape_cases() {
  return {
      {"body is an array", signed_request("[1,2,3]"), {422}},
      {"body is a string", signed_request("\"created\""), {422}},
      {"missing action", signed_request(R"({"data":{"issue":{"id":"42"}}})"), {422}},
      {"action is a number", signed_request(R"({"action":1,"data":{"issue":{"id":"42"}}})"), {422}},
      {"missing data", signed_request(R"({"action":"created"})"), {422}},
      {"installation is a string",
       signed_request(R"({"action":"created","installation":"x","data":{}})"),
       {422}},
      {"issue id is true", signed_request(issue_body(R"({"id":true})")), {422}},
      {"issue id with 30 digits",
       signed_request(issue_body(R"({"id":123456789012345678901234567890})")),
       {422}},
      {"issue id string beyond int64",
       signed_request(issue_body(R"({"id":"99999999999999999999"})")),
       {422}},
      {"negative issue id", signed_request(issue_body(R"({"id":-1})")), {422}},
      {"issue id with letters", signed_request(issue_body(R"({"id":"12abc"})")), {422}},
      {"fractional issue id", signed_request(issue_body(R"({"id":1.5})")), {422}},
  };
}

std::vector<BadRequest> framing_cases() {
  const std::string body = valid_body();
  const std::string length = "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return {
      {"not HTTP at all", "HELLO\r\n\r\n", {400}},
      {"HTTP/2.0 in the request line", raw_request({.version = "HTTP/2.0"}), {400, 505}},
      {"Content-Length and Transfer-Encoding",
       post_head(length + "Transfer-Encoding: chunked\r\n") + chunked(body, 64),
       {400}},
      {"Transfer-Encoding and Content-Length",
       post_head("Transfer-Encoding: chunked\r\n" + length) + chunked(body, 64),
       {400}},
      {"two different Content-Length headers",
       raw_request({.extra_headers = "Content-Length: 3\r\n"}),
       {400}},
      {"negative Content-Length", raw_request({.content_length = "-1"}), {400}},
      {"Content-Length that is not a number", raw_request({.content_length = "abc"}), {400}},
      {"Content-Length beyond 64 bits",
       raw_request({.content_length = "184467440737095516160"}),
       {400, 413}},
      {"Transfer-Encoding gzip", post_head("Transfer-Encoding: gzip\r\n") + body, {400}},
      {"Transfer-Encoding chunked, gzip",
       post_head("Transfer-Encoding: chunked, gzip\r\n") + chunked(body, 64),
       {400}},
      {"Transfer-Encoding gzip, chunked",
       post_head("Transfer-Encoding: gzip, chunked\r\n") + chunked(body, 64),
       {400}},
      {"Transfer-Encoding chunked twice",
       post_head("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n") +
           chunked(body, 64),
       {400}},
      {"chunk size that is not hex",
       post_head("Transfer-Encoding: chunked\r\n") + "zz\r\n{}\r\n0\r\n\r\n",
       {400}},
      {"header without a colon", raw_request({.extra_headers = "NoColonHere\r\n"}), {400}},
      {"space before the colon", raw_request({.extra_headers = "X-Test : 1\r\n"}), {400}},
      {"bare CR inside a header value", raw_request({.extra_headers = "X-Test: a\rb\r\n"}), {400}},
      {"NUL inside a header value",
       raw_request({.extra_headers = std::string("X-Test: a") + '\0' + "b\r\n"}),
       {400}},
      {"non-ASCII header name", raw_request({.extra_headers = "X-T\xC3\xA9st: 1\r\n"}), {400}},
      {"HTTP/1.1 without Host",
       "POST /sentry/webhook HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
       "2\r\n\r\n{}",
       {400}},
      {"two Host headers", raw_request({.extra_headers = "Host: evil.example\r\n"}), {400}},
      {"two Content-Type headers",
       raw_request({.extra_headers = "Content-Type: text/plain\r\n"}),
       {400, 415}},
      {"lines ending in a bare LF",
       "POST /sentry/webhook HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: "
       "2\n\n{}",
       {400}},
      {"header lines ending in a bare LF",
       "GET /healthz HTTP/1.1\r\nHost: x\nConnection: close\n\n",
       {400}},
      {"bare LF inside a header value", raw_request({.extra_headers = "X-Test: a\nb\r\n"}), {400}},
  };
}

std::vector<BadRequest> limit_cases() {
  const std::string big(70'000, 'x');
  return {
      {"Content-Length over max_body_bytes", signed_request(big), {413}},
      {"huge Content-Length, no body", raw_request({.content_length = "99999999999999"}), {413}},
      {"chunked body growing past max_body_bytes",
       post_head("Transfer-Encoding: chunked\r\n") + chunked(big, 8192),
       {413}},
      {"one chunk declared larger than max_body_bytes",
       post_head("Transfer-Encoding: chunked\r\n") + "ffffff\r\n{}",
       {413}},
      {"one 20 KB header",
       raw_request({.extra_headers = "X-Pad: " + std::string(20'000, 'a') + "\r\n"}),
       {431}},
      {"3000 small headers",
       raw_request({.extra_headers =
                        [] {
                          std::string h;
                          for (int i = 0; i < 3000; ++i) h += "X-A: b\r\n";
                          return h;
                        }()}),
       {431}},
      {"20 KB request target", raw_request({.target = "/" + std::string(20'000, 'a')}), {431}},
      {"body shorter than its Content-Length (times out)",
       raw_request({.content_length = "1000"}),
       {0, 400, 408}},
  };
}

std::vector<BadRequest> routing_cases() {
  const std::string body = valid_body();
  return {
      {"webhook path with a trailing slash", raw_request({.target = "/sentry/webhook/"}), {404}},
      {"webhook path in other case", raw_request({.target = "/Sentry/Webhook"}), {404}},
      {"webhook path with an encoded NUL", raw_request({.target = "/sentry/webhook%00"}), {404}},
      {"asterisk target", raw_request({.target = "*"}), {404}},
      {"GET on the webhook", raw_request({.method = "GET"}), {405}},
      {"PUT on the webhook", raw_request({.method = "PUT"}), {405}},
      {"DELETE on the webhook", raw_request({.method = "DELETE"}), {405}},
      {"lowercase post", raw_request({.method = "post"}), {400, 405}},
  };
}

}  // namespace autofixd::testing
