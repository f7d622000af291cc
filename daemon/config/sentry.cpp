// [sentry].
#include "config/load_context.hpp"
#include "config/secrets.hpp"
#include "config/values.hpp"

namespace autofixd::config::detail {
namespace {

void read_base_url(const Section& s, SentryConfig& sentry) {
  const std::optional<std::string> text = s.string("base_url");
  if (!text) return;
  Result<std::string> url = normalize_base_url(*text);
  if (!url) return s.error("base_url", url.error().message, url.error().code);
  sentry.base_url = *url;
}

void read_organization(const Section& s, SentryConfig& sentry) {
  const std::optional<std::string> org = s.string("organization");
  if (!org) return;
  if (!is_valid_slug(*org)) {
    return s.error("organization", quote(*org) +
                                       " is not an organization slug (expected "
                                       "letters, digits, '-', '_' or '.', e.g. \"acme\")");
  }
  sentry.organization = *org;
}

void note_token(const Section& s, LoadContext& ctx) {
  if (auto token = s.string("token"); token && !token->empty()) {
    ctx.secrets.token_inline.push_back(
        SecretSetting{*token, s.key_path("token"), s.line_of("token")});
  }
  if (auto file = s.string("token_file"); file && !file->empty()) {
    ctx.secrets.token_files.push_back(SecretSetting{
        resolve_path(ctx.base_dir, *file), s.key_path("token_file"), s.line_of("token_file")});
  }
}

void read_client_limits(const Section& s, SentryConfig& sentry) {
  if (auto rps = s.number("requests_per_second")) {
    if (*rps > 0 && *rps <= 1000) {
      sentry.requests_per_second = *rps;
    } else {
      s.error("requests_per_second",
              format_number(*rps) + " is out of range (expected a number > 0 and <= 1000)");
    }
  }
  if (auto v = s.integer_in("max_concurrent_requests", 1, 1000, "an integer 1..1000")) {
    sentry.max_concurrent_requests = static_cast<std::size_t>(*v);
  }
  if (auto v = s.positive_duration("connect_timeout")) sentry.connect_timeout = *v;
  if (auto v = s.positive_duration("request_timeout")) sentry.request_timeout = *v;
}

}  // namespace

void read_sentry(const Section& root, LoadContext& ctx, SentryConfig& sentry) {
  const std::optional<Section> s =
      root.table("sentry", {"base_url", "organization", "token", "token_file", "client_secret",
                            "client_secret_file", "ca_file", "requests_per_second",
                            "max_concurrent_requests", "connect_timeout", "request_timeout"});
  if (!s) return;
  ctx.sentry_line = s->line();
  ctx.organization_written = s->has("organization");
  read_base_url(*s, sentry);
  read_organization(*s, sentry);
  note_token(*s, ctx);
  note_client_secrets(*s, ctx);
  if (auto ca = s->string("ca_file")) sentry.ca_file = resolve_path(ctx.base_dir, *ca);
  read_client_limits(*s, sentry);
}

}  // namespace autofixd::config::detail
