#pragma once
// How much of a request the server holds, whatever its framing: a head of
// at most kHeaderLimit bytes, a body of at most max_body_bytes, and
// kFramingSlack bytes of chunk framing (chunk-size lines, extensions,
// trailers) in the read buffer. Boost 1.81's parser bounds none of the
// framing itself, so the buffer's size is the bound. Header-only, so the
// fuzz target checks the same numbers the server uses.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/beast/http/error.hpp>

namespace autofixd::http {

inline constexpr std::uint32_t kHeaderLimit = 16 * 1024;
inline constexpr std::size_t kFramingSlack = 64 * 1024;
inline constexpr std::size_t kMaxChunkExtension = 1024;

// The most a connection's read buffer may hold.
inline std::size_t read_buffer_limit(std::size_t max_body_bytes) {
  return kHeaderLimit + max_body_bytes + kFramingSlack;
}

// A parser's on_chunk_header callback: refuses chunk extensions longer than
// kMaxChunkExtension (400) instead of buffering them.
struct ChunkExtensionLimit {
  void operator()(std::uint64_t, std::string_view extensions, boost::system::error_code& ec) {
    if (extensions.size() > kMaxChunkExtension) ec = boost::beast::http::error::bad_chunk_extension;
  }
};

}  // namespace autofixd::http
