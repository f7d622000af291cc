// libFuzzer target: intake::verify_signature and intake::check_timestamp on
// arbitrary secrets, signatures, bodies and header values. Never crashes;
// a body always verifies against its own signature, and a signature that
// verifies is the body's HMAC.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "intake/signature.hpp"

namespace {

namespace intake = autofixd::intake;

std::string lowercase(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

void check_signature(const std::string& body, const std::string& secret,
                     const std::string& claimed) {
  const std::vector<std::string> secrets{secret};
  const bool verified = intake::verify_signature(body, claimed, secrets);
  if (secret.empty()) {
    if (verified) std::abort();
    return;
  }
  const std::string expected = intake::sign(body, secret);
  if (verified && lowercase(claimed) != expected) std::abort();
  if (!intake::verify_signature(body, expected, secrets)) std::abort();
}

void check_timestamp(const std::string& header, std::int64_t now_ms, std::int64_t tolerance_ms) {
  const autofixd::SysTime now{std::chrono::milliseconds(now_ms)};
  (void)intake::check_timestamp(header, now, autofixd::Millis(tolerance_ms));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string secret = in.ConsumeRandomLengthString(80);
  const std::string claimed = in.ConsumeRandomLengthString(80);
  const std::string timestamp = in.ConsumeRandomLengthString(32);
  // Clocks between 1970 and 2100; tolerances up to ten years, as a config could say.
  const auto now_ms = in.ConsumeIntegralInRange<std::int64_t>(0, 4'102'444'800'000);
  const auto tolerance_ms = in.ConsumeIntegralInRange<std::int64_t>(0, 315'360'000'000);
  const std::string body = in.ConsumeRemainingBytesAsString();
  check_signature(body, secret, claimed);
  check_timestamp(timestamp, now_ms, tolerance_ms);
  return 0;
}
