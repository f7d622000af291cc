// libFuzzer target: intake::parse_envelope with every resource it knows and
// one it does not. It must never crash, throw or hang, and an envelope it
// accepts for processing always names its issue.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "intake/envelope.hpp"

namespace {

constexpr std::string_view kResources[] = {"issue",   "event_alert",  "error", "seer",
                                           "comment", "installation", ""};

void check(std::string_view resource, std::string_view body) {
  const auto envelope = autofixd::intake::parse_envelope(resource, body);
  if (!envelope) {
    const auto& code = envelope.error().code;
    if (code != "intake.bad_json" && code != "intake.bad_shape") std::abort();
    return;
  }
  if (envelope->handling != autofixd::intake::Handling::ignore && !envelope->issue) std::abort();
  if (envelope->resource != resource) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  for (const std::string_view resource : kResources) check(resource, body);
  return 0;
}
