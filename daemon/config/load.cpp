// load_config / parse_config: the order of the steps matters. Tables first
// (each mistake recorded, not fatal), then the environment, then secrets,
// then checks that need everything (organization present).
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "config/load_context.hpp"

namespace autofixd::config {
namespace {

std::filesystem::path base_dir_of(std::string_view source_name) {
  std::error_code ec;
  std::filesystem::path absolute =
      std::filesystem::absolute(std::filesystem::path(source_name), ec);
  if (ec) absolute = std::filesystem::path(source_name);
  return absolute.parent_path();
}

// Who may read the file decides whether it may hold a secret inline.
std::optional<unsigned> permission_bits(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return static_cast<unsigned>(st.st_mode & 07777);
}

void read_document(const toml::table& document, detail::LoadContext& ctx, Config& config) {
  const detail::Section root(
      document, "",
      {"server", "sentry", "store", "polling", "watch", "sweep", "automation", "budget", "log", "rule",
       "tracker", "notify"},
      ctx.errors);
  detail::read_server(root, ctx, config.server);
  detail::read_sentry(root, ctx, config.sentry);
  detail::read_store(root, ctx, config.store);
  detail::read_timers(root, config);
  detail::read_log(root, config.log);
  detail::read_rules(root, ctx, config.rules);
  detail::read_trackers(root, ctx, config.trackers);
  detail::read_notify(root, ctx, config.notify);
  detail::name_targets(ctx, config);
}

void check_required(detail::LoadContext& ctx, const Config& config) {
  if (config.sentry.organization.empty() && !ctx.organization_written) {
    ctx.errors.add("config.missing_key", ctx.sentry_line, "sentry.organization",
                   "missing (expected the organization slug as [sentry] organization or in the "
                   "SENTRY_ORG environment variable)");
  }
}

}  // namespace

Result<Config> parse_config(std::string_view toml_text, std::string_view source_name,
                            const GetEnv& env, std::optional<unsigned> file_mode) {
  detail::ErrorList errors{std::string(source_name)};
  toml::table document;
  try {
    document = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    errors.add("config.syntax", static_cast<int>(e.source().begin.line), "",
               "TOML syntax error: " + std::string(e.description()));
    return errors.to_error();
  }
  Config config;
  config.source = std::filesystem::path(source_name);
  detail::LoadContext ctx{errors, base_dir_of(source_name), env, {}, 0, false, file_mode};
  read_document(document, ctx, config);
  detail::apply_env_overrides(ctx, config);
  detail::resolve_secrets(ctx, config);
  check_required(ctx, config);
  if (!errors.empty()) return errors.to_error();
  return config;
}

Result<Config> load_config(const std::filesystem::path& path, const GetEnv& env) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return make_error("config.file", path.string() + ": is a directory (expected the config file)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    return make_error("config.file",
                      path.string() + ": cannot read the config file: " + std::strerror(err));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return make_error("config.file", path.string() + ": cannot read the config file");
  }
  return parse_config(text.str(), path.string(), env, permission_bits(path));
}

}  // namespace autofixd::config
