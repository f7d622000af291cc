#include "store/body_codec.hpp"

#include <zstd.h>

#include <memory>

namespace autofixd::store {
namespace {

// Bodies are at most [server] max_body_bytes (1 MiB by default); a frame
// claiming more than this is not one of ours.
constexpr unsigned long long kMaxBody = 16ull << 20;

Error corrupt(const std::string& why) {
  return make_error("store.corrupt_body", "a stored delivery body cannot be read: " + why);
}

}  // namespace

std::string compress_body(std::string_view body) {
  std::string frame(ZSTD_compressBound(body.size()), '\0');
  // Thread-local: the store thread compresses every body, and a context
  // reused saves its allocation per call.
  thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(
      ZSTD_createCCtx(), &ZSTD_freeCCtx);
  const std::size_t n =
      ZSTD_compressCCtx(context.get(), frame.data(), frame.size(), body.data(), body.size(), 1);
  // Compressing into a buffer of ZSTD_compressBound() bytes cannot fail
  // but for want of memory, which would have thrown already.
  frame.resize(ZSTD_isError(n) ? 0 : n);
  return frame;
}

Result<std::string> decompress_body(std::string_view frame) {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR) return corrupt("not a zstd frame");
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxBody) {
    return corrupt("the zstd frame does not say its size, or says more than 16 MiB");
  }
  std::string body(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompress(body.data(), body.size(), frame.data(), frame.size());
  if (ZSTD_isError(n)) return corrupt(ZSTD_getErrorName(n));
  if (n != body.size()) return corrupt("the zstd frame is shorter than it says");
  return body;
}

}  // namespace autofixd::store
