// Where each secret comes from: environment beats file beats inline. A file
// is not even opened when the environment provides the secret, so a host
// that injects SENTRY_TOKEN need not carry the token file named in a shared
// config. Inline secrets are refused in a config file others may read.
// (Tracker keys exist only as files: [[tracker]] has no inline api_key.)
#include <algorithm>
#include <cstdio>

#include "config/load_context.hpp"
#include "config/secrets.hpp"
#include "config/values.hpp"

namespace autofixd::config::detail {
namespace {

// Reads the secret file of `setting`; a failure is a config mistake at its key.
std::optional<std::string> read_setting(LoadContext& ctx, const SecretSetting& setting) {
  Result<std::string> secret = read_secret_file(setting.value);
  if (!secret) {
    ctx.errors.add(secret.error().code, setting.line, setting.key, secret.error().message);
    return std::nullopt;
  }
  return std::move(*secret);
}

void resolve_token(LoadContext& ctx, Config& config) {
  SentryConfig& sentry = config.sentry;
  if (auto token = non_empty_env(ctx.env, "SENTRY_TOKEN")) {
    sentry.token = std::move(*token);
    sentry.token_source = "SENTRY_TOKEN";
    config.env_overrides.push_back("SENTRY_TOKEN");
  } else if (!ctx.secrets.token_files.empty()) {
    const SecretSetting& file = ctx.secrets.token_files.front();
    if (auto secret = read_setting(ctx, file)) {
      sentry.token = std::move(*secret);
      sentry.token_source = "file " + file.value;
    }
  } else if (!ctx.secrets.token_inline.empty()) {
    sentry.token = ctx.secrets.token_inline.front().value;
    sentry.token_source = "config key " + ctx.secrets.token_inline.front().key;
  }
}

void add_client_secret(ServerConfig& server, std::string secret, std::string source) {
  // The same secret named twice (in [server] and [sentry]) is one secret.
  if (std::find(server.client_secrets.begin(), server.client_secrets.end(), secret) !=
      server.client_secrets.end()) {
    return;
  }
  server.client_secrets.push_back(std::move(secret));
  server.client_secret_sources.push_back(std::move(source));
}

void resolve_client_secrets(LoadContext& ctx, Config& config) {
  ServerConfig& server = config.server;
  if (auto secret = non_empty_env(ctx.env, "SENTRY_CLIENT_SECRET")) {
    // The environment replaces, not extends: it is how an operator rotates
    // or pins the secret without editing the file.
    add_client_secret(server, std::move(*secret), "SENTRY_CLIENT_SECRET");
    config.env_overrides.push_back("SENTRY_CLIENT_SECRET");
    return;
  }
  for (const SecretSetting& file : ctx.secrets.client_secret_files) {
    if (auto secret = read_setting(ctx, file)) {
      add_client_secret(server, std::move(*secret), "file " + file.value);
    }
  }
  for (const SecretSetting& inline_secret : ctx.secrets.client_secret_inline) {
    add_client_secret(server, inline_secret.value, "config key " + inline_secret.key);
  }
}

// An inline secret is as private as the file it is written in. A group- or
// world-readable config is normal for a config (0644 from install), so a
// secret in it is refused rather than trusted to the file's readers.
void refuse_shared_inline_secrets(LoadContext& ctx) {
  constexpr unsigned kReadableByGroupOrOthers = 0044;
  if (!ctx.file_mode || (*ctx.file_mode & kReadableByGroupOrOthers) == 0) return;
  const std::string& file = ctx.errors.source();
  if (under_systemd_credentials(file)) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", *ctx.file_mode);
  auto refuse = [&](const SecretSetting& setting, std::string_view instead) {
    ctx.errors.add(
        "config.inline_secret_mode", setting.line, setting.key,
        std::string("an inline secret in a config file readable by group or others (mode ") + mode +
            ") (expected the file at mode 0600 or stricter: run chmod 600 " + file +
            "; or the secret in " + std::string(instead) + ")");
  };
  for (const SecretSetting& token : ctx.secrets.token_inline) {
    refuse(token, "token_file, a systemd credential or SENTRY_TOKEN");
  }
  for (const SecretSetting& secret : ctx.secrets.client_secret_inline) {
    refuse(secret, "client_secret_file, a systemd credential or SENTRY_CLIENT_SECRET");
  }
}

void resolve_tracker_keys(LoadContext& ctx, Config& config) {
  const std::size_t n = std::min(config.trackers.size(), ctx.secrets.tracker_key_files.size());
  for (std::size_t i = 0; i < n; ++i) {
    const SecretSetting& file = ctx.secrets.tracker_key_files[i];
    if (file.value.empty()) continue;  // already reported as missing
    if (auto key = read_setting(ctx, file)) config.trackers[i].api_key = std::move(*key);
  }
}

void resolve_notify_files(LoadContext& ctx, Config& config) {
  for (std::size_t i = 0; i < config.notify.size(); ++i) {
    NotifyTarget& target = config.notify[i];
    if (i < ctx.secrets.notify_url_files.size() && !target.url_file.empty()) {
      const SecretSetting& file = ctx.secrets.notify_url_files[i];
      if (auto url = read_setting(ctx, file)) {
        Result<TargetUrl> parsed = parse_target_url(*url);
        if (parsed) {
          target.url = std::move(*url);
          target.url_origin = std::move(parsed->origin);
          target.url_target = std::move(parsed->target);
        } else {
          ctx.errors.add(parsed.error().code, file.line, file.key,
                         "the URL in " + file.value + ": " + parsed.error().message);
        }
      }
    }
    if (i < ctx.secrets.notify_secret_files.size() && !target.secret_file.empty()) {
      if (auto secret = read_setting(ctx, ctx.secrets.notify_secret_files[i])) {
        target.secret = std::move(*secret);
      }
    }
  }
}

}  // namespace

void note_client_secrets(const Section& table, LoadContext& ctx) {
  if (auto secret = table.string("client_secret"); secret && !secret->empty()) {
    ctx.secrets.client_secret_inline.push_back(
        SecretSetting{*secret, table.key_path("client_secret"), table.line_of("client_secret")});
  }
  if (auto file = table.string("client_secret_file"); file && !file->empty()) {
    ctx.secrets.client_secret_files.push_back(SecretSetting{resolve_path(ctx.base_dir, *file),
                                                            table.key_path("client_secret_file"),
                                                            table.line_of("client_secret_file")});
  }
}

void resolve_secrets(LoadContext& ctx, Config& config) {
  refuse_shared_inline_secrets(ctx);
  resolve_token(ctx, config);
  resolve_client_secrets(ctx, config);
  resolve_tracker_keys(ctx, config);
  resolve_notify_files(ctx, config);
}

}  // namespace autofixd::config::detail
