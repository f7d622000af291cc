#include "util/hmac.hpp"

#include <gtest/gtest.h>

namespace autofixd {
namespace {

// RFC 4231 test vectors for HMAC-SHA256.
TEST(HmacSha256, MatchesRfc4231) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256, EmptyMessageAndKeyAreFine) {
  EXPECT_EQ(hmac_sha256_hex("", ""),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  EXPECT_EQ(hmac_sha256("key", "")->size(), 32U);
}

}  // namespace
}  // namespace autofixd
