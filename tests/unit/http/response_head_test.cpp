#include "http/response_head.hpp"

#include <gtest/gtest.h>

namespace autofixd::http {
namespace {

Response accepted() { return json_status(202, "accepted", "\"delivery_id\":7"); }

TEST(ResponseHead, KeepAliveHttp11NeedsNoConnectionHeader) {
  const Response response = accepted();
  EXPECT_EQ(response_head(response, "Accepted", {11, true, false}),
            "HTTP/1.1 202 Accepted\r\n"
            "Server: autofixd\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: " +
                std::to_string(response.body.size()) + "\r\n\r\n");
  EXPECT_TRUE(response_sends_body(response, {11, true, false}));
}

TEST(ResponseHead, ClosingHttp11SaysClose) {
  const std::string head = response_head(accepted(), "Accepted", {11, false, false});
  EXPECT_NE(head.find("\r\nConnection: close\r\n"), std::string::npos) << head;
}

TEST(ResponseHead, Http10SaysKeepAliveOnlyWhenItKeepsTheConnection) {
  const std::string kept = response_head(accepted(), "Accepted", {10, true, false});
  EXPECT_EQ(kept.rfind("HTTP/1.0 202 Accepted\r\n", 0), 0U) << kept;
  EXPECT_NE(kept.find("\r\nConnection: keep-alive\r\n"), std::string::npos) << kept;
  const std::string closed = response_head(accepted(), "Accepted", {10, false, false});
  EXPECT_EQ(closed.find("Connection:"), std::string::npos) << closed;
}

TEST(ResponseHead, HeadAnswerHasTheBodysLengthAndNoBody) {
  const Response response = json_status(200, "ok");
  const std::string head = response_head(response, "OK", {11, true, true});
  EXPECT_NE(head.find("\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\n"),
            std::string::npos)
      << head;
  EXPECT_FALSE(response_sends_body(response, {11, true, true}));
}

TEST(ResponseHead, OwnHeadersFollowInOrderAndCannotBreakTheHead) {
  Response response = json_error(503, "server_busy", "retry later");
  response.headers.emplace_back("Retry-After", "5");
  response.headers.emplace_back("Allow", "GET\r\nX-Injected: 1");
  const std::string head = response_head(response, "Service Unavailable", {11, false, false});
  EXPECT_EQ(head,
            "HTTP/1.1 503 Service Unavailable\r\n"
            "Server: autofixd\r\n"
            "Content-Type: application/json\r\n"
            "Retry-After: 5\r\n"
            "Allow: GET  X-Injected: 1\r\n"
            "Connection: close\r\n"
            "Content-Length: " +
                std::to_string(response.body.size()) + "\r\n\r\n");
}

TEST(ResponseHead, NoContentStatusesHaveNoLengthAndNoBody) {
  for (const int status : {101, 204, 304}) {
    Response response{status, "text/plain", "", {}};
    const std::string head = response_head(response, "x", {11, true, false});
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
    EXPECT_FALSE(response_sends_body(response, {11, true, false})) << status;
  }
}

}  // namespace
}  // namespace autofixd::http
