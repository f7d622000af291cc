// libFuzzer target: intake::parse_envelope with every resource it knows and
// one it does not. It must never crash, throw or hang, and an envelope it
// accepts for processing always names its issue. The pruned DOM it builds
// (payload_members.hpp) must read exactly as the full one: the same
// envelope, or the same error.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "intake/envelope.hpp"

namespace {

constexpr std::string_view kResources[] = {"issue",   "event_alert",  "error", "seer",
                                           "comment", "installation", ""};

using Parsed = autofixd::Result<autofixd::intake::Envelope>;

void check(std::string_view resource, const Parsed& envelope) {
  if (!envelope) {
    const auto& code = envelope.error().code;
    if (code != "intake.bad_json" && code != "intake.bad_shape") std::abort();
    return;
  }
  if (envelope->handling != autofixd::intake::Handling::ignore && !envelope->issue) std::abort();
  if (envelope->resource != resource) std::abort();
}

// `pruned` is parse_envelope's answer (the pruned DOM, its default).
void compare_with_full(std::string_view resource, std::string_view body, const Parsed& pruned) {
  const auto full = autofixd::intake::parse_envelope(resource, body, autofixd::intake::Dom::full);
  if (pruned.ok() != full.ok()) {
    std::fprintf(stderr, "fuzz_envelope: %s: pruned %s, full %s\n", std::string(resource).c_str(),
                 pruned ? "accepts" : pruned.error().message.c_str(),
                 full ? "accepts" : full.error().message.c_str());
    std::abort();
  }
  if (!pruned.ok()) {
    if (pruned.error().code != full.error().code ||
        pruned.error().message != full.error().message) {
      std::fprintf(stderr, "fuzz_envelope: %s: pruned says %s, full says %s\n",
                   std::string(resource).c_str(), pruned.error().message.c_str(),
                   full.error().message.c_str());
      std::abort();
    }
    return;
  }
  if (!(*pruned == *full)) {
    std::fprintf(stderr, "fuzz_envelope: %s: the envelopes differ\n",
                 std::string(resource).c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  for (const std::string_view resource : kResources) {
    const Parsed pruned = autofixd::intake::parse_envelope(resource, body);
    check(resource, pruned);
    compare_with_full(resource, body, pruned);
  }
  return 0;
}
