// XXH3-128 as the replay window uses it: the canonical (big-endian) bytes of
// the reference implementation's known answers, as `xxh128sum` prints them.
#include "util/xxh128.hpp"

#include <gtest/gtest.h>

#include <string>

#include "util/hex.hpp"

namespace autofixd {
namespace {

std::string hex(const Xxh128Digest& digest) { return lower_hex(digest); }

TEST(Xxh128, MatchesXxh128sum) {
  EXPECT_EQ(hex(xxh3_128("")), "99aa06d3014798d86001c324468d497f");
  EXPECT_EQ(hex(xxh3_128("autofixd")), "4070fa3c24f285d562703087a795dde4");
  // Past 240 bytes XXH3 takes its long-input path: a webhook body's.
  EXPECT_EQ(hex(xxh3_128(std::string(4096, 'x'))), "8cdc46abfd21f3ac854c667088efe093");
}

TEST(Xxh128, OneByteChangedAnywhereChangesTheDigest) {
  const std::string body(4096, 'x');
  const Xxh128Digest original = xxh3_128(body);
  for (std::size_t at : {0UL, 1UL, 239UL, 240UL, 2047UL, 4095UL}) {
    std::string changed = body;
    changed[at] = 'y';
    EXPECT_NE(xxh3_128(changed), original) << "byte " << at;
  }
}

}  // namespace
}  // namespace autofixd
