#include "util/hmac.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

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

// RFC 4231 test case 6: a key longer than SHA-256's block is hashed first.
TEST(HmacSha256, HashesAKeyLongerThanABlockFirst) {
  EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

std::string openssl_hmac_hex(const std::string& key, const std::string& message) {
  unsigned char out[32];
  unsigned int out_len = 0;
  static const unsigned char kEmpty = 0;
  const auto* data =
      message.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(message.data());
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data, message.size(), out,
       &out_len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < out_len; ++i) {
    hex.push_back(kHex[out[i] >> 4U]);
    hex.push_back(kHex[out[i] & 0x0FU]);
  }
  return hex;
}

// The prepared keys are kept per thread: keys of every length around the
// block size, more keys than slots, and each key used again after others
// took its slot, must all give OpenSSL's one-shot HMAC().
TEST(HmacSha256, AgreesWithOpenSslForEveryKeyLengthAndAfterKeysAreEvicted) {
  std::string message;
  for (int i = 0; i < 300; ++i) message.push_back(static_cast<char>('a' + i % 26));
  for (int round = 0; round < 2; ++round) {
    for (std::size_t key_length = 0; key_length <= 130; ++key_length) {
      const std::string key(key_length, static_cast<char>('k' + key_length % 7));
      for (std::size_t message_length : {0UL, 1UL, 55UL, 64UL, 300UL}) {
        const std::string part = message.substr(0, message_length);
        ASSERT_EQ(hmac_sha256_hex(key, part), openssl_hmac_hex(key, part))
            << "key " << key_length << " bytes, message " << message_length << " bytes";
      }
    }
  }
}

TEST(Sha256, MatchesFips180Examples) {
  const auto hex = [](const Sha256Digest& digest) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    for (const unsigned char byte : digest) {
      text.push_back(kHex[byte >> 4U]);
      text.push_back(kHex[byte & 0x0FU]);
    }
    return text;
  };
  EXPECT_EQ(hex(sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

}  // namespace
}  // namespace autofixd
