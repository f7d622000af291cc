// check_head(): what the server refuses after reading a request's head.
#include <gtest/gtest.h>

#include "http/head_checks.hpp"

namespace autofixd::http {
namespace {

Head post(std::vector<std::pair<std::string_view, std::string_view>> extra = {}) {
  Head head{11, "POST", {{"Host", "127.0.0.1"}, {"Content-Type", "application/json"}}};
  head.fields.insert(head.fields.end(), extra.begin(), extra.end());
  return head;
}

int status_of(const Head& head) {
  const auto rejection = check_head(head);
  return rejection ? rejection->status : 0;
}

TEST(CheckHead, AcceptsAJsonPost) { EXPECT_EQ(status_of(post()), 0); }

TEST(CheckHead, AcceptsJsonWithUtf8CharsetInAnySpelling) {
  Head head = post();
  head.fields[1].second = "Application/JSON; Charset=\"UTF-8\"";
  EXPECT_EQ(status_of(head), 0);
  head.fields[1].second = "application/json;charset=utf8";
  EXPECT_EQ(status_of(head), 0);
}

TEST(CheckHead, AcceptsChunkedTransferEncoding) {
  EXPECT_EQ(status_of(post({{"Transfer-Encoding", "Chunked"}})), 0);
}

TEST(CheckHead, RefusesOtherHttpVersionsWith505) {
  Head head = post();
  head.version = 20;
  EXPECT_EQ(status_of(head), 505);
}

TEST(CheckHead, RefusesHttp11WithoutHost) {
  Head head{11, "GET", {}};
  EXPECT_EQ(status_of(head), 400);
  head.version = 10;
  EXPECT_EQ(status_of(head), 0);
}

TEST(CheckHead, RefusesDuplicatedHostContentTypeAndTransferEncoding) {
  EXPECT_EQ(status_of(post({{"host", "evil.example"}})), 400);
  EXPECT_EQ(status_of(post({{"Content-Type", "application/json"}})), 400);
  EXPECT_EQ(status_of(post({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}})),
            400);
}

TEST(CheckHead, RefusesTransferCodingsOtherThanChunked) {
  EXPECT_EQ(status_of(post({{"Transfer-Encoding", "gzip"}})), 400);
  EXPECT_EQ(status_of(post({{"Transfer-Encoding", "gzip, chunked"}})), 400);
  EXPECT_EQ(status_of(post({{"Transfer-Encoding", "chunked, gzip"}})), 400);
}

TEST(CheckHead, RefusesPostThatIsNotJsonWith415) {
  Head head = post();
  head.fields[1].second = "text/plain";
  EXPECT_EQ(status_of(head), 415);
  head.fields[1].second = "application/json-patch+json";
  EXPECT_EQ(status_of(head), 415);
  head.fields[1].second = "application/json; charset=iso-8859-1";
  EXPECT_EQ(status_of(head), 415);
  head.fields.pop_back();
  EXPECT_EQ(status_of(head), 415);
}

TEST(CheckHead, RefusesCompressedBodiesWith415) {
  EXPECT_EQ(status_of(post({{"Content-Encoding", "gzip"}})), 415);
  EXPECT_EQ(status_of(post({{"Content-Encoding", "identity"}})), 0);
}

TEST(CheckHead, LeavesMediaTypeOfOtherMethodsToTheRouter) {
  EXPECT_EQ(status_of(Head{11, "GET", {{"Host", "x"}}}), 0);
}

TEST(CheckHead, RejectionMessageNeverEchoesRequestBytes) {
  const auto rejection = check_head(post({{"Transfer-Encoding", "\x1b[31msecret"}}));
  ASSERT_TRUE(rejection);
  EXPECT_EQ(rejection->message.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace autofixd::http
