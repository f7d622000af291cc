#pragma once
// Internal to config/: state shared by the readers of one config file.
// Secrets are only noted while the tables are read; resolve_secrets() then
// applies the precedence environment > file > inline and reads the files.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/config.hpp"
#include "config/error_list.hpp"
#include "config/section.hpp"

namespace autofixd::config::detail {

// One place a secret may come from, as written in the config.
struct SecretSetting {
  std::string value;  // the secret (inline) or the resolved path (file)
  std::string key;    // "sentry.token_file", for messages and display
  int line = 0;
};

struct SecretSettings {
  std::vector<SecretSetting> token_inline;
  std::vector<SecretSetting> token_files;
  std::vector<SecretSetting> client_secret_inline;
  std::vector<SecretSetting> client_secret_files;
  std::vector<SecretSetting> tracker_key_files;  // index = tracker index
  std::vector<SecretSetting> notify_url_files;   // index = notify index
  std::vector<SecretSetting> notify_secret_files;
};

struct LoadContext {
  ErrorList& errors;
  std::filesystem::path base_dir;  // relative paths resolve against it
  const GetEnv& env;
  SecretSettings secrets;
  int sentry_line = 0;  // line of [sentry], for "organization missing"
  // The file names an organization (valid or not): not "missing" then.
  bool organization_written = false;
  // Permission bits of the config file; nullopt for text not read from a file.
  std::optional<unsigned> file_mode;
};

// The readers, one per top-level table; each fills its part of `config`.
void read_server(const Section& root, LoadContext& ctx, ServerConfig& server);
void read_sentry(const Section& root, LoadContext& ctx, SentryConfig& sentry);
void read_store(const Section& root, LoadContext& ctx, StoreConfig& store);
void read_timers(const Section& root, Config& config);  // polling, watch, sweep, automation
// `mode` of `table`: "act" or "observe"; nullopt when absent or wrong (recorded).
std::optional<Mode> read_mode(const Section& table);
void read_log(const Section& root, LogConfig& log);
void read_rules(const Section& root, LoadContext& ctx, std::vector<Rule>& rules);
void read_trackers(const Section& root, LoadContext& ctx, std::vector<Tracker>& trackers);
void read_notify(const Section& root, LoadContext& ctx, std::vector<NotifyTarget>& targets);
// Gives each tracker and notify target its outbox name; duplicates are errors.
void name_targets(LoadContext& ctx, Config& config);

// The variable's value, or nullopt when it is unset or empty.
std::optional<std::string> non_empty_env(const GetEnv& env, std::string_view name);

// Notes client_secret and client_secret_file of [server] or [sentry].
void note_client_secrets(const Section& table, LoadContext& ctx);

// SENTRY_HOST and SENTRY_ORG; records what was applied in config.env_overrides.
void apply_env_overrides(LoadContext& ctx, Config& config);
// Token, client secrets and tracker keys, environment first; inline secrets
// are errors when `file_mode` lets group or others read the file.
void resolve_secrets(LoadContext& ctx, Config& config);

}  // namespace autofixd::config::detail
