// libFuzzer target: http::HeadScanner fed the same bytes in arbitrary pieces
// (as reads deliver them) must say what one look at all of them says, and
// that must agree with a plain search: the head ends after the first CRLF
// CRLF, unless an LF without its CR comes first.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/head_scan.hpp"

namespace {

namespace http = autofixd::http;

struct Expected {
  http::HeadScan scan;
  std::size_t head_size;  // when complete
};

Expected by_search(const std::string& bytes) {
  const std::size_t end = bytes.find("\r\n\r\n");
  const std::size_t limit = end == std::string::npos ? bytes.size() : end + 4;
  for (std::size_t i = 0; i < limit; ++i) {
    if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) return {http::HeadScan::bare_lf, 0};
  }
  if (end == std::string::npos) return {http::HeadScan::incomplete, 0};
  return {http::HeadScan::complete, end + 4};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const auto pieces = in.ConsumeIntegralInRange<int>(1, 16);
  std::string cuts_seed = in.ConsumeBytesAsString(static_cast<std::size_t>(pieces));
  const std::string bytes = in.ConsumeRemainingBytesAsString();
  const Expected expected = by_search(bytes);

  http::HeadScanner scanner;
  http::HeadScan seen = http::HeadScan::incomplete;
  std::size_t received = 0;
  for (unsigned char cut : cuts_seed) {
    if (seen != http::HeadScan::incomplete) break;
    received = std::min(bytes.size(), received + cut);
    seen = scanner.scan(std::string_view(bytes).substr(0, received));
  }
  if (seen == http::HeadScan::incomplete) seen = scanner.scan(bytes);

  if (seen != expected.scan) std::abort();
  if (seen == http::HeadScan::complete && scanner.head_size() != expected.head_size) std::abort();
  return 0;
}
