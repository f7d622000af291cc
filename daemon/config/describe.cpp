// describe(): the human summary printed by `autofixd check-config`.
#include <sstream>

#include "config/describe_parts.hpp"
#include "config/section.hpp"
#include "util/duration.hpp"

namespace autofixd::config {
namespace {

// Fixed-width labels keep the values in one column.
void field(std::ostringstream& out, std::string_view label, const std::string& value) {
  out << "  " << label << ':' << std::string(label.size() < 20 ? 20 - label.size() : 1, ' ')
      << value << '\n';
}

void describe_server(std::ostringstream& out, const ServerConfig& s) {
  out << "server:\n";
  field(out, "listen", detail::listen_text(s));
  if (s.ops_listen_host) {
    ServerConfig ops = s;
    ops.listen_host = *s.ops_listen_host;
    ops.listen_port = s.ops_listen_port;
    field(out, "ops listen", detail::listen_text(ops) + " (/healthz, /readyz, /metrics)");
  }
  field(out, "webhook path", s.webhook_path);
  field(out, "max body", std::to_string(s.max_body_bytes) + " bytes");
  field(out, "timeouts",
        "header " + format_duration(s.header_timeout) + ", body " +
            format_duration(s.body_timeout) + ", idle " + format_duration(s.idle_timeout));
  field(out, "max connections", std::to_string(s.max_connections));
  field(out, "max pending deliveries", std::to_string(s.max_pending_deliveries));
  field(out, "timestamp tolerance", format_duration(s.timestamp_tolerance));
  std::string secrets = s.client_secrets.empty()
                            ? "none: every webhook will be refused (401)"
                            : std::to_string(s.client_secrets.size()) + " set (from ";
  for (std::size_t i = 0; i < s.client_secret_sources.size(); ++i) {
    secrets += (i > 0 ? "; " : "") + s.client_secret_sources[i];
  }
  if (!s.client_secrets.empty()) secrets += ")";
  field(out, "client secrets", secrets);
  std::string installations = s.allowed_installations.empty() ? "any" : "";
  for (std::size_t i = 0; i < s.allowed_installations.size(); ++i) {
    installations += (i > 0 ? ", " : "") + s.allowed_installations[i];
  }
  field(out, "installations", installations);
  field(out, "tls",
        s.tls.cert_file.empty() ? "off (plain HTTP)"
                                : "cert " + s.tls.cert_file + ", key " + s.tls.key_file);
}

void describe_sentry(std::ostringstream& out, const SentryConfig& s) {
  out << "sentry:\n";
  field(out, "base url", s.base_url);
  field(out, "organization", s.organization);
  field(out, "token", detail::secret_status(s.token_source));
  field(out, "ca file", s.ca_file.empty() ? "system default" : s.ca_file);
  std::ostringstream limits;
  limits << detail::format_number(s.requests_per_second) << "/s, at most "
         << s.max_concurrent_requests << " at once, connect timeout "
         << format_duration(s.connect_timeout) << ", request timeout "
         << format_duration(s.request_timeout);
  field(out, "requests", limits.str());
}

std::string limit_text(const std::optional<std::int64_t>& limit) {
  return limit ? std::to_string(*limit) : "unlimited";
}

std::string budget_line(const BudgetConfig& b) {
  return "max_runs_per_hour=" + limit_text(b.max_runs_per_hour) +
         " max_runs_per_day=" + limit_text(b.max_runs_per_day) +
         " max_active_runs=" + limit_text(b.max_active_runs);
}

void describe_timers(std::ostringstream& out, const Config& c) {
  out << "timers:\n";
  field(out, "polling",
        "first after " + format_duration(c.polling.initial_interval) + ", backing off to " +
            format_duration(c.polling.max_interval) + ", give up after " +
            format_duration(c.polling.timeout));
  field(out, "seer",
        "step grace " + format_duration(c.polling.step_grace) + ", uncertain-start window " +
            format_duration(c.polling.uncertain_start_window) + ", input timeout " +
            format_duration(c.polling.input_timeout));
  field(out, "automation",
        c.automation.mode == Mode::observe ? "observe: every rule decides and records, nothing starts"
                                           : "act");
  field(out, "budget", budget_line(c.budget));
  field(out, "watch",
        "re-check every " + format_duration(c.watch.recheck_interval) + ", expire after " +
            format_duration(c.watch.expire_after));
  field(out, "sweep",
        c.sweep.interval.count() == 0 ? "off" : "every " + format_duration(c.sweep.interval));
}

// The rule's targeting filters on one line; empty when it has none.
std::string targeting_line(const Rule& r) {
  std::vector<std::string> parts;
  auto names = [&](std::string_view key, const std::vector<std::string>& list) {
    if (!list.empty()) parts.push_back(std::string(key) + "=" + detail::list_or_all(list));
  };
  auto pattern = [&](std::string_view key, const std::optional<Pattern>& p) {
    if (p) parts.push_back(std::string(key) + "=/" + p->text() + "/");
  };
  names("environments", r.environments);
  names("priorities", r.priorities);
  names("categories", r.categories);
  names("substatuses", r.substatuses);
  pattern("title_matches", r.title_matches);
  pattern("title_excludes", r.title_excludes);
  pattern("culprit_matches", r.culprit_matches);
  if (r.max_age) parts.push_back("max_age=" + format_duration(*r.max_age));
  if (r.unhandled_only) parts.push_back("unhandled_only");
  if (parts.empty()) return "";
  std::string line = "     targeting:";
  for (const std::string& part : parts) line += " " + part;
  return line + "\n";
}

std::string rule_line(std::size_t index, const Rule& r) {
  std::ostringstream line;
  line << "  " << index + 1 << ". " << r.name << "  projects=" << detail::list_or_all(r.projects)
       << " levels=" << detail::list_or_all(r.levels);
  if (r.min_events) line << " min_events>=" << *r.min_events;
  if (r.min_users) line << " min_users>=" << *r.min_users;
  if (r.min_fixability) line << " min_fixability>=" << detail::fixability_text(r);
  line << " \u2192 stopping_point=" << to_string(r.stopping_point)
       << " cooldown=" << (r.cooldown.count() == 0 ? "none" : format_duration(r.cooldown))
       << " max_runs_per_day=" << limit_text(r.max_runs_per_day)
       << " max_runs_per_hour=" << limit_text(r.max_runs_per_hour) << '\n';
  line << targeting_line(r);
  if (r.mode == Mode::observe) line << "     mode: observe (decides and records, never starts)\n";
  if (r.on_existing_run == OnExistingRun::follow) line << "     existing Seer runs: followed\n";
  if (!r.repo_name.empty()) line << "     repository: " << r.repo_name << '\n';
  if (r.coding_agent) {
    line << "     coding agent: " << r.coding_agent->provider << " (integration "
         << r.coding_agent->integration_id << ")\n";
  }
  if (!r.instruction.empty()) line << "     instruction: " << detail::quote(r.instruction) << '\n';
  return line.str();
}

std::string row_retention_text(const Config& c) {
  if (c.store.row_retention.count() == 0) return "keep every row";
  const Millis kept = c.row_retention_in_effect();
  if (kept == c.store.row_retention) return format_duration(kept);
  return format_duration(c.store.row_retention) + " (rows kept " + format_duration(kept) +
         ": the rules look back that far)";
}

void describe_rules(std::ostringstream& out, const Config& c) {
  out << "rules (in order):\n";
  if (c.rules.empty()) out << "  none\n";
  for (std::size_t i = 0; i < c.rules.size(); ++i) out << rule_line(i, c.rules[i]);
}

void describe_trackers(std::ostringstream& out, const Config& c) {
  if (c.trackers.empty()) return;
  out << "trackers (each run's result is posted there too):\n";
  for (std::size_t i = 0; i < c.trackers.size(); ++i) {
    const Tracker& t = c.trackers[i];
    out << "  " << i + 1 << ". " << t.name << ": " << t.kind << ' ' << t.base_url << " project_id=" << t.project_id
        << " sentry_projects=" << detail::list_or_all(t.sentry_projects) << " match=" << t.match
        << " set_status=" << (t.set_status.empty() ? "(leave alone)" : t.set_status)
        << " api_key=" << detail::secret_status(t.api_key.empty() ? "" : "file " + t.api_key_file)
        << '\n';
  }
}

void describe_notify(std::ostringstream& out, const Config& c) {
  if (c.notify.empty()) return;
  out << "notify (one message per run outcome):\n";
  for (std::size_t i = 0; i < c.notify.size(); ++i) {
    const NotifyTarget& n = c.notify[i];
    out << "  " << i + 1 << ". " << n.name << ": " << n.kind << ' '
        << (n.url_origin.empty() ? std::string("(no URL)") : n.url_origin + "/…")
        << " url=" << detail::secret_status(n.url.empty() ? "" : "file " + n.url_file);
    if (n.kind == "webhook") {
      out << " secret=" << detail::secret_status(n.secret.empty() ? "" : "file " + n.secret_file);
    }
    out << " outcomes=" << detail::list_or_all(n.outcomes) << '\n';
  }
}

}  // namespace

std::vector<std::string> warnings(const Config& config) {
  std::vector<std::string> out;
  if (config.server.client_secrets.empty()) {
    out.push_back(
        "no client secret is configured, so every webhook will be refused (401): set "
        "SENTRY_CLIENT_SECRET, client_secret_file or client_secret");
  }
  if (config.rules.empty()) {
    out.push_back("no [[rule]] is configured, so no autofix run will ever be started");
  }
  if (config.sentry.token_source.rfind("config key", 0) == 0) {
    out.push_back(
        "the Sentry token is written in the config file: prefer token_file or "
        "SENTRY_TOKEN");
  }
  if (config.sentry.token.empty() && (!config.trackers.empty() || !config.notify.empty())) {
    out.push_back(
        "no Sentry token (dry-run): no run starts, so [[tracker]] and [[notify]] targets get "
        "nothing");
  }
  if (config.row_retention_in_effect() > config.store.row_retention &&
      config.store.row_retention > Millis::zero()) {
    out.push_back("[store] row_retention " + format_duration(config.store.row_retention) +
                  " is shorter than the rules look back (a rule's cooldown, or 7 days for "
                  "runs already triggered): rows are kept " +
                  format_duration(config.row_retention_in_effect()));
  }
  return out;
}

std::string describe(const Config& config) {
  std::ostringstream out;
  out << "config: " << config.source.string() << '\n';
  out << "mode: " << (config.dry_run() ? "DRY-RUN" : "live") << ": " << detail::mode_reason(config)
      << '\n';
  if (!config.env_overrides.empty()) {
    out << "environment overrides:";
    for (const std::string& name : config.env_overrides) out << ' ' << name;
    out << '\n';
  }
  describe_server(out, config.server);
  describe_sentry(out, config.sentry);
  out << "store:\n";
  field(out, "path", config.store.path);
  field(out, "body_retention", config.store.body_retention.count() == 0
                                   ? "keep every body"
                                   : format_duration(config.store.body_retention));
  field(out, "row_retention", row_retention_text(config));
  field(out, "replay_keys_in_memory",
        std::to_string(config.store.replay_keys_in_memory) + " deliveries (about " +
            std::to_string((config.store.replay_keys_in_memory * 80 + (1 << 20) - 1) >> 20) +
            " MiB)");
  describe_timers(out, config);
  out << "log:\n";
  field(out, "level", config.log.level);
  describe_rules(out, config);
  describe_trackers(out, config);
  describe_notify(out, config);
  const std::vector<std::string> notes = warnings(config);
  if (!notes.empty()) out << "warnings:\n";
  for (const std::string& note : notes) out << "  - " << note << '\n';
  return out.str();
}

}  // namespace autofixd::config
