#include "util/xxh128.hpp"

#include <cstring>

// Inlined from Debian's libxxhash-dev header: no library to load at run time,
// and the compiler sees the whole loop.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace autofixd {

Xxh128Digest xxh3_128(std::string_view data) {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits(data.data(), data.size()));
  Xxh128Digest out;
  static_assert(sizeof canonical.digest == sizeof out);
  std::memcpy(out.data(), canonical.digest, out.size());
  return out;
}

}  // namespace autofixd
