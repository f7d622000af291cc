// store/body_codec: a body survives compression byte for byte; anything
// that is not one of its frames is refused with a reason.

#include <gtest/gtest.h>

#include "store/body_codec.hpp"

namespace autofixd::store {
namespace {

TEST(BodyCodec, RoundTripsAnyBytes) {
  std::string binary;
  for (int i = 0; i < 5000; ++i) binary.push_back(static_cast<char>(i * 31 % 256));
  for (const std::string& body : {std::string(), std::string("{}"), std::string(4096, 'x'), binary}) {
    auto back = decompress_body(compress_body(body));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, body);
  }
}

TEST(BodyCodec, RefusesWhatIsNotAFrame) {
  auto garbage = decompress_body("not zstd at all");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, "store.corrupt_body");
  EXPECT_NE(garbage.error().message.find("not a zstd frame"), std::string::npos);
  const std::string frame = compress_body(std::string(1000, 'a') + "tail");
  auto cut = decompress_body(std::string_view(frame).substr(0, frame.size() - 3));
  EXPECT_FALSE(cut) << "a truncated frame read as a body";
}

}  // namespace
}  // namespace autofixd::store
