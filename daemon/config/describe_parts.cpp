#include "config/describe_parts.hpp"

#include <cstdio>

namespace autofixd::config::detail {

std::string secret_status(const std::string& source) {
  return source.empty() ? "not set" : "set (from " + source + ")";
}

std::string mode_reason(const Config& config) {
  if (!config.dry_run()) return "Sentry token from " + config.sentry.token_source;
  return "no Sentry token (set SENTRY_TOKEN or [sentry] token_file to go live); decisions are "
         "recorded, but no autofix run is started and no comment is posted";
}

std::string listen_text(const ServerConfig& server) {
  const bool v6 = server.listen_host.find(':') != std::string::npos;
  const std::string host = v6 ? "[" + server.listen_host + "]" : server.listen_host;
  return host + ":" + std::to_string(server.listen_port);
}

std::string fixability_text(const Rule& rule) {
  if (!rule.min_fixability) return "";
  if (!named_fixability(rule.min_fixability_text)) return rule.min_fixability_text;
  char value[16];
  std::snprintf(value, sizeof value, "%.2f", *rule.min_fixability);
  return rule.min_fixability_text + "(" + value + ")";
}

std::string list_or_all(const std::vector<std::string>& items) {
  if (items.empty()) return "all";
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

}  // namespace autofixd::config::detail
