// The environment: process_env() and the overrides Sentry's own tooling uses.
#include <cstdlib>

#include "config/load_context.hpp"
#include "config/section.hpp"
#include "config/values.hpp"

namespace autofixd::config {

GetEnv process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

namespace detail {

// An empty variable counts as unset: `SENTRY_TOKEN=` in a unit file or a
// container definition usually means "none", not "the empty token".
std::optional<std::string> non_empty_env(const GetEnv& env, std::string_view name) {
  std::optional<std::string> value = env(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

namespace {

void apply_host(LoadContext& ctx, Config& config) {
  const std::optional<std::string> host = non_empty_env(ctx.env, "SENTRY_HOST");
  if (!host) return;
  // A bare host name ("sentry.example.com") means https.
  const std::string url = host->find("://") == std::string::npos ? "https://" + *host : *host;
  Result<std::string> normal = normalize_base_url(url);
  if (!normal) {
    ctx.errors.add(normal.error().code, 0, "SENTRY_HOST (environment)", normal.error().message);
    return;
  }
  config.sentry.base_url = *normal;
  config.env_overrides.push_back("SENTRY_HOST");
}

void apply_org(LoadContext& ctx, Config& config) {
  const std::optional<std::string> org = non_empty_env(ctx.env, "SENTRY_ORG");
  if (!org) return;
  if (!is_valid_slug(*org)) {
    ctx.errors.add("config.invalid_value", 0, "SENTRY_ORG (environment)",
                   quote(*org) +
                       " is not an organization slug (expected letters, digits, '-', "
                       "'_' or '.', e.g. \"acme\")");
    return;
  }
  config.sentry.organization = *org;
  config.env_overrides.push_back("SENTRY_ORG");
}

}  // namespace

void apply_env_overrides(LoadContext& ctx, Config& config) {
  apply_host(ctx, config);
  apply_org(ctx, config);
}

}  // namespace detail
}  // namespace autofixd::config
