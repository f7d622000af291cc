// libFuzzer target: the hand JSON reader against nlohmann's parser, both
// driving the same StrictBuilder. Both must accept or both refuse; when both
// accept, the documents must be equal and serialize to the same text; when
// the builder refused (duplicate key, nesting), both must say the same.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "intake/strict_json.hpp"

namespace {

[[noreturn]] void differ(const char* what, const std::string& hand, const std::string& reference) {
  std::fprintf(stderr, "fuzz_strict_json: %s\n  hand:     %s\n  nlohmann: %s\n", what, hand.c_str(),
               reference.c_str());
  std::abort();
}

bool is_syntax_error(const std::string& message) {
  return message.rfind("body is not valid JSON", 0) == 0;
}

// The one known difference: nlohmann takes a NUL byte after the document for
// the end of the input and accepts; the hand reader refuses the body there.
// True when that is why they differ and the body up to the NUL reads the same.
bool nul_after_the_document(std::string_view body, const std::string& hand_error,
                            const nlohmann::json& reference) {
  constexpr std::string_view kAt = "body is not valid JSON at byte offset ";
  constexpr std::string_view kWhy = ": unexpected NUL byte; expected the end of the body";
  if (hand_error.rfind(kAt, 0) != 0 || hand_error.find(kWhy) == std::string::npos) return false;
  const std::size_t offset = std::strtoull(hand_error.c_str() + kAt.size(), nullptr, 10);
  if (offset >= body.size() || body[offset] != '\0') return false;
  const auto prefix = autofixd::intake::parse_strict_json(body.substr(0, offset));
  return prefix.ok() && *prefix == reference;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto hand = autofixd::intake::parse_strict_json(body);
  const auto reference = autofixd::intake::parse_strict_json_with_nlohmann(body);
  if (!hand.ok() && reference.ok() &&
      nul_after_the_document(body, hand.error().message, *reference)) {
    return 0;
  }
  if (hand.ok() != reference.ok()) {
    differ("one accepts, the other refuses", hand ? hand->dump() : hand.error().message,
           reference ? reference->dump() : reference.error().message);
  }
  if (hand.ok()) {
    const std::string hand_text = hand->dump();
    const std::string reference_text = reference->dump();
    if (*hand != *reference) differ("documents differ", hand_text, reference_text);
    if (hand_text != reference_text) differ("serializations differ", hand_text, reference_text);
    return 0;
  }
  const std::string& hand_error = hand.error().message;
  const std::string& reference_error = reference.error().message;
  if (hand.error().code != "intake.bad_json") differ("error code", hand.error().code, "");
  const bool builder_refused = !is_syntax_error(hand_error) || !is_syntax_error(reference_error);
  if (builder_refused && hand_error != reference_error) {
    differ("the builder refused differently", hand_error, reference_error);
  }
  return 0;
}
