// libFuzzer target: config::parse_config on arbitrary text, with and without
// the environment overrides. Never crashes or throws; a refusal always says
// where (the source name starts the message).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace {

namespace config = autofixd::config;

std::optional<std::string> no_env(std::string_view) { return std::nullopt; }

std::optional<std::string> some_env(std::string_view name) {
  if (name == "SENTRY_ORG") return std::string("acme");
  if (name == "SENTRY_HOST") return std::string("sentry.example.com");
  if (name == "SENTRY_CLIENT_SECRET") return std::string("fuzz-secret");
  return std::nullopt;
}

void check(std::string_view text, const config::GetEnv& env) {
  const auto loaded = config::parse_config(text, "fuzz.toml", env);
  if (loaded) {
    (void)config::describe(*loaded);
    (void)config::describe_json(*loaded);
    (void)config::warnings(*loaded);
    return;
  }
  if (loaded.error().message.rfind("fuzz.toml", 0) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text, no_env);
  check(text, some_env);
  return 0;
}
