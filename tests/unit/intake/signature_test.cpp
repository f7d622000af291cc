#include "intake/signature.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

namespace autofixd::intake {
namespace {

constexpr std::string_view kBody = R"({"action":"created","data":{}})";
constexpr std::string_view kSecret = "shhh-secret";
// printf %s '{"action":"created","data":{}}' | openssl dgst -sha256 -hmac 'shhh-secret'
constexpr std::string_view kExpected =
    "55c198f72f46ef95e9c1d8485713f5922d1536ad5ce798b4426977298adc14f5";

std::vector<std::string> secrets(std::initializer_list<std::string> list) { return list; }

TEST(SignatureTest, SignMatchesOpensslKnownAnswer) { EXPECT_EQ(sign(kBody, kSecret), kExpected); }

TEST(SignatureTest, SignOfEmptyBodyMatchesOpenssl) {
  // printf %s '' | openssl dgst -sha256 -hmac 'key'
  EXPECT_EQ(sign("", "key"), "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0");
}

TEST(SignatureTest, VerifiesCorrectSignature) {
  EXPECT_TRUE(verify_signature(kBody, kExpected, secrets({"shhh-secret"})));
}

TEST(SignatureTest, RefusesWrongSecret) {
  EXPECT_FALSE(verify_signature(kBody, kExpected, secrets({"other-secret"})));
}

TEST(SignatureTest, RefusesChangedBody) {
  EXPECT_FALSE(verify_signature(R"({"action":"created","data":{} })", kExpected,
                                secrets({"shhh-secret"})));
}

TEST(SignatureTest, AcceptsAnyOfRotatedSecrets) {
  EXPECT_TRUE(verify_signature(kBody, kExpected, secrets({"new-secret", "shhh-secret"})));
  EXPECT_TRUE(verify_signature(kBody, kExpected, secrets({"shhh-secret", "new-secret"})));
  EXPECT_FALSE(verify_signature(kBody, kExpected, secrets({"new-secret", "newer-secret"})));
}

TEST(SignatureTest, AcceptsUppercaseHex) {
  std::string upper(kExpected);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_TRUE(verify_signature(kBody, upper, secrets({"shhh-secret"})));
}

TEST(SignatureTest, RefusesTruncatedSignature) {
  EXPECT_FALSE(verify_signature(kBody, kExpected.substr(0, 63), secrets({"shhh-secret"})));
  EXPECT_FALSE(verify_signature(kBody, kExpected.substr(0, 32), secrets({"shhh-secret"})));
}

TEST(SignatureTest, RefusesOverlongSignature) {
  EXPECT_FALSE(verify_signature(kBody, std::string(kExpected) + "00", secrets({"shhh-secret"})));
}

TEST(SignatureTest, RefusesNonHexSignatureOfRightLength) {
  std::string bad(kExpected);
  bad[10] = 'g';
  EXPECT_FALSE(verify_signature(kBody, bad, secrets({"shhh-secret"})));
  bad = std::string(kExpected);
  bad[63] = ' ';
  EXPECT_FALSE(verify_signature(kBody, bad, secrets({"shhh-secret"})));
}

TEST(SignatureTest, RefusesSignatureWithPrefix) {
  EXPECT_FALSE(
      verify_signature(kBody, "sha256=" + std::string(kExpected), secrets({"shhh-secret"})));
}

TEST(SignatureTest, RefusesEmptySignature) {
  EXPECT_FALSE(verify_signature(kBody, "", secrets({"shhh-secret"})));
}

TEST(SignatureTest, RefusesWhenNoSecretsConfigured) {
  EXPECT_FALSE(verify_signature(kBody, kExpected, {}));
}

TEST(SignatureTest, EmptySecretNeverVerifies) {
  EXPECT_FALSE(verify_signature(kBody, sign(kBody, ""), secrets({""})));
}

}  // namespace
}  // namespace autofixd::intake
