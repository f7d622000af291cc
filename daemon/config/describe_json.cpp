// describe_json(): `check-config --json`. Same facts as describe(), never a secret.
#include <nlohmann/json.hpp>

#include "config/describe_parts.hpp"
#include "util/duration.hpp"

namespace autofixd::config {
namespace {

using Json = nlohmann::ordered_json;

Json server_json(const ServerConfig& s) {
  return Json{
      {"listen", detail::listen_text(s)},
      {"ops_listen", s.ops_listen_host ? Json(*s.ops_listen_host + ":" +
                                              std::to_string(s.ops_listen_port))
                                       : Json(nullptr)},
      {"listen_host", s.listen_host},
      {"listen_port", s.listen_port},
      {"webhook_path", s.webhook_path},
      {"max_body_bytes", s.max_body_bytes},
      {"header_timeout", format_duration(s.header_timeout)},
      {"body_timeout", format_duration(s.body_timeout)},
      {"idle_timeout", format_duration(s.idle_timeout)},
      {"max_connections", s.max_connections},
      {"max_pending_deliveries", s.max_pending_deliveries},
      {"timestamp_tolerance", format_duration(s.timestamp_tolerance)},
      {"client_secrets",
       {{"count", s.client_secrets.size()}, {"sources", s.client_secret_sources}}},
      {"allowed_installations", s.allowed_installations},
      {"tls", s.tls.cert_file.empty()
                  ? Json(nullptr)
                  : Json{{"cert_file", s.tls.cert_file}, {"key_file", s.tls.key_file}}},
  };
}

Json sentry_json(const SentryConfig& s) {
  return Json{
      {"base_url", s.base_url},
      {"organization", s.organization},
      {"token", detail::secret_status(s.token_source)},
      {"ca_file", s.ca_file},
      {"requests_per_second", s.requests_per_second},
      {"max_concurrent_requests", s.max_concurrent_requests},
      {"connect_timeout", format_duration(s.connect_timeout)},
      {"request_timeout", format_duration(s.request_timeout)},
  };
}

Json limit_json(const std::optional<std::int64_t>& limit) {
  return limit ? Json(*limit) : Json(nullptr);
}

Json rule_json(const Rule& r) {
  Json j{{"name", r.name}, {"line", r.line}, {"projects", r.projects}, {"levels", r.levels}};
  j["min_events"] = r.min_events ? Json(*r.min_events) : Json(nullptr);
  j["min_users"] = r.min_users ? Json(*r.min_users) : Json(nullptr);
  j["min_fixability"] = r.min_fixability ? Json(*r.min_fixability) : Json(nullptr);
  j["min_fixability_text"] = r.min_fixability_text;
  j["stopping_point"] = std::string(to_string(r.stopping_point));
  j["instruction"] = r.instruction;
  j["cooldown"] = format_duration(r.cooldown);
  j["max_runs_per_day"] = r.max_runs_per_day ? Json(*r.max_runs_per_day) : Json(nullptr);
  j["max_runs_per_hour"] = r.max_runs_per_hour ? Json(*r.max_runs_per_hour) : Json(nullptr);
  j["environments"] = r.environments;
  j["mode"] = r.mode == Mode::observe ? "observe" : "act";
  j["on_existing_run"] = r.on_existing_run == OnExistingRun::follow ? "follow" : "skip";
  j["repo_name"] = r.repo_name;
  j["priorities"] = r.priorities;
  j["categories"] = r.categories;
  j["substatuses"] = r.substatuses;
  for (const auto& [key, pattern] : {std::pair{"title_matches", &r.title_matches},
                                     std::pair{"title_excludes", &r.title_excludes},
                                     std::pair{"culprit_matches", &r.culprit_matches}}) {
    j[key] = *pattern ? Json((*pattern)->text()) : Json(nullptr);
  }
  j["max_age"] = r.max_age ? Json(format_duration(*r.max_age)) : Json(nullptr);
  j["unhandled_only"] = r.unhandled_only;
  j["coding_agent"] = r.coding_agent ? Json{{"integration_id", r.coding_agent->integration_id},
                                            {"provider", r.coding_agent->provider}}
                                     : Json(nullptr);
  return j;
}

Json tracker_json(const Tracker& t) {
  return Json{{"name", t.name},
              {"kind", t.kind},
              {"base_url", t.base_url},
              {"api_key", detail::secret_status(t.api_key.empty() ? "" : "file " + t.api_key_file)},
              {"project_id", t.project_id},
              {"sentry_projects", t.sentry_projects},
              {"match", t.match},
              {"set_status", t.set_status},
              {"line", t.line}};
}

Json notify_json(const NotifyTarget& n) {
  Json j{{"name", n.name},
         {"kind", n.kind},
         {"url_origin", n.url_origin},
         {"url", detail::secret_status(n.url.empty() ? "" : "file " + n.url_file)},
         {"outcomes", n.outcomes},
         {"line", n.line}};
  if (n.kind == "webhook") {
    j["secret"] = detail::secret_status(n.secret.empty() ? "" : "file " + n.secret_file);
  }
  return j;
}

Json timers_json(const Config& c) {
  return Json{{"polling",
               {{"initial_interval", format_duration(c.polling.initial_interval)},
                {"max_interval", format_duration(c.polling.max_interval)},
                {"timeout", format_duration(c.polling.timeout)},
                {"step_grace", format_duration(c.polling.step_grace)},
                {"uncertain_start_window", format_duration(c.polling.uncertain_start_window)},
                {"input_timeout", format_duration(c.polling.input_timeout)}}},
              {"watch",
               {{"recheck_interval", format_duration(c.watch.recheck_interval)},
                {"expire_after", format_duration(c.watch.expire_after)}}},
              {"sweep", {{"interval", format_duration(c.sweep.interval)}}},
              {"automation", {{"mode", c.automation.mode == Mode::observe ? "observe" : "act"}}},
              {"budget",
               {{"max_runs_per_hour", limit_json(c.budget.max_runs_per_hour)},
                {"max_runs_per_day", limit_json(c.budget.max_runs_per_day)},
                {"max_active_runs", limit_json(c.budget.max_active_runs)}}}};
}

}  // namespace

std::string describe_json(const Config& config) {
  Json j{{"source", config.source.string()},
         {"mode", config.dry_run() ? "dry-run" : "live"},
         {"mode_reason", detail::mode_reason(config)},
         {"env_overrides", config.env_overrides},
         {"server", server_json(config.server)},
         {"sentry", sentry_json(config.sentry)},
         {"store",
          {{"path", config.store.path},
           {"body_retention", format_duration(config.store.body_retention)},
           {"row_retention", format_duration(config.store.row_retention)},
           {"row_retention_in_effect", format_duration(config.row_retention_in_effect())},
           {"replay_keys_in_memory", config.store.replay_keys_in_memory}}}};
  j.update(timers_json(config));
  j["log"] = {{"level", config.log.level}};
  j["rules"] = Json::array();
  for (const Rule& rule : config.rules) j["rules"].push_back(rule_json(rule));
  j["trackers"] = Json::array();
  for (const Tracker& tracker : config.trackers) j["trackers"].push_back(tracker_json(tracker));
  j["notify"] = Json::array();
  for (const NotifyTarget& target : config.notify) j["notify"].push_back(notify_json(target));
  j["warnings"] = warnings(config);
  return j.dump(2);
}

}  // namespace autofixd::config
