// Where a request's head ends, and bare LF line endings refused at once.
#include <gtest/gtest.h>

#include <string>

#include "http/head_scan.hpp"

namespace autofixd::http {
namespace {

HeadScan scan_once(std::string_view bytes) { return HeadScanner().scan(bytes); }

TEST(HeadScan, CompleteHeadWithCrlfLines) {
  EXPECT_EQ(scan_once("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), HeadScan::complete);
}

TEST(HeadScan, BodyBytesAfterTheHeadAreNotExamined) {
  EXPECT_EQ(scan_once("POST / HTTP/1.1\r\nHost: x\r\n\r\n{\n}\n"), HeadScan::complete);
}

TEST(HeadScan, HeadSizeCountsTheHeadWithoutTheBody) {
  HeadScanner scanner;
  ASSERT_EQ(scanner.scan("GET / HTTP/1.1\r\n\r\nbody"), HeadScan::complete);
  EXPECT_EQ(scanner.head_size(), 18u);
}

TEST(HeadScan, HeadWithoutBlankLineIsIncomplete) {
  EXPECT_EQ(scan_once("GET / HTTP/1.1\r\nHost: x\r\n"), HeadScan::incomplete);
  EXPECT_EQ(scan_once(""), HeadScan::incomplete);
}

TEST(HeadScan, BareLfAfterTheRequestLineIsRefused) {
  EXPECT_EQ(scan_once("GET / HTTP/1.1\nHost: x\n\n"), HeadScan::bare_lf);
}

TEST(HeadScan, BareLfAfterAHeaderIsRefused) {
  EXPECT_EQ(scan_once("GET / HTTP/1.1\r\nHost: x\n"), HeadScan::bare_lf);
}

TEST(HeadScan, BareLfAsTheFirstByteIsRefused) { EXPECT_EQ(scan_once("\n"), HeadScan::bare_lf); }

TEST(HeadScan, BareLfInsideAHeaderValueIsRefused) {
  EXPECT_EQ(scan_once("GET / HTTP/1.1\r\nX: a\nb\r\n\r\n"), HeadScan::bare_lf);
}

TEST(HeadScan, FindsTheEndWhenTheHeadArrivesOneByteAtATime) {
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  HeadScanner scanner;
  for (std::size_t n = 1; n < head.size(); ++n) {
    ASSERT_EQ(scanner.scan(std::string_view(head).substr(0, n)), HeadScan::incomplete) << n;
  }
  EXPECT_EQ(scanner.scan(head), HeadScan::complete);
}

TEST(HeadScan, FindsABareLfSplitFromItsLineAcrossReads) {
  HeadScanner scanner;
  EXPECT_EQ(scanner.scan("GET / HTTP/1.1"), HeadScan::incomplete);
  EXPECT_EQ(scanner.scan("GET / HTTP/1.1\n"), HeadScan::bare_lf);
}

TEST(HeadScan, CrlfSplitAcrossReadsIsNotABareLf) {
  HeadScanner scanner;
  EXPECT_EQ(scanner.scan("GET / HTTP/1.1\r"), HeadScan::incomplete);
  EXPECT_EQ(scanner.scan("GET / HTTP/1.1\r\nHost: x\r\n\r"), HeadScan::incomplete);
  EXPECT_EQ(scanner.scan("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), HeadScan::complete);
}

}  // namespace
}  // namespace autofixd::http
