// The digest a Request-ID is known by in the replay window: the same text
// hashed whether it is put together on the stack (every Request-ID intake
// accepts) or on the heap (longer ones, as a row written by hand may hold).
#include <gtest/gtest.h>

#include <string>

#include "store/body_digests.hpp"

namespace autofixd::store::digests {
namespace {

TEST(RequestDigest, IsXxh3OfTheIdAfterItsPrefixAtAnyLength) {
  for (const std::size_t length : {0UL, 1UL, 36UL, 128UL, 236UL, 237UL, 1000UL}) {
    const std::string id(length, 'r');
    EXPECT_EQ(request_digest(id), xxh3_128("autofixd request-id\n" + id)) << length;
  }
}

TEST(RequestDigest, DiffersFromTheDigestOfTheIdAlone) {
  EXPECT_NE(request_digest("3f2a"), xxh3_128("3f2a"));
  EXPECT_NE(request_digest("3f2a"), request_digest("3f2b"));
}

}  // namespace
}  // namespace autofixd::store::digests
