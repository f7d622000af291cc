// libFuzzer target: a request (any framing, chunked included) arriving in
// arbitrary pieces, read as the server reads it — a Beast request parser
// with the server's header, body and chunk-extension limits, fed from a read
// buffer capped at read_buffer_limit(). Whatever the bytes: the buffer never
// holds more than its cap, and a request the parser completes has a body of
// at most max_body_bytes.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/request_limits.hpp"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace http = autofixd::http;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  // Small bodies keep the interesting bounds within a fuzzer's reach.
  const auto max_body = in.ConsumeIntegralInRange<std::size_t>(1, 4096);
  const auto pieces = in.ConsumeIntegralInRange<int>(1, 32);
  const std::string cuts = in.ConsumeBytesAsString(static_cast<std::size_t>(pieces));
  const std::string bytes = in.ConsumeRemainingBytesAsString();

  const std::size_t cap = http::read_buffer_limit(max_body);
  beast::flat_buffer buffer(cap);
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(http::kHeaderLimit);
  parser.body_limit(max_body);
  http::ChunkExtensionLimit extension_limit;
  parser.on_chunk_header(extension_limit);

  std::size_t sent = 0;
  std::size_t cut_index = 0;
  beast::error_code ec;
  while (sent < bytes.size() && !ec && !parser.is_done()) {
    const std::size_t want =
        cut_index < cuts.size() ? static_cast<unsigned char>(cuts[cut_index++]) + 1u : 4096u;
    const std::size_t n = std::min({want, bytes.size() - sent, cap - buffer.size()});
    if (n == 0) break;  // full: the server answers 413 (buffer_overflow) here
    auto room = buffer.prepare(n);
    boost::asio::buffer_copy(room, boost::asio::buffer(bytes.data() + sent, n));
    buffer.commit(n);
    sent += n;
    // As Beast's read loop: parse what is buffered, keep what it leaves.
    for (;;) {
      const std::size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec == bhttp::error::need_more) {
        ec = {};
        break;
      }
      if (ec || parser.is_done() || used == 0) break;
    }
    if (buffer.size() > cap) std::abort();
  }
  if (parser.is_done() && parser.get().body().size() > max_body) std::abort();
  return 0;
}
