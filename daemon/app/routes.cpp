// The daemon's HTTP endpoints.
#include "app/daemon.hpp"
#include "ops/metrics.hpp"

namespace autofixd::app {
namespace {

http::Response method_not_allowed(std::string_view allow) {
  auto r = http::json_error(405, "method_not_allowed", "use " + std::string(allow));
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

void add(std::vector<ops::Sample>& out, std::string name, std::string type, std::string help,
         double value, std::string labels = {}) {
  out.push_back({std::move(name), std::move(type), std::move(help), std::move(labels), value});
}

// Decisions by rule and reason, runs by rule and final state (issue 15).
void add_rule_metrics(std::vector<ops::Sample>& out, const runs::ProcessorStats& p,
                      const runs::EngineStats& e) {
  for (const auto& [key, n] : p.decisions) {
    const auto& [rule, outcome, reason] = key;
    add(out, "autofixd_rule_decisions_total", "counter",
        "Decisions by rule (\"\" when none decided), outcome and reason code",
        static_cast<double>(n),
        "rule=\"" + ops::label_value(rule) + "\",outcome=\"" + ops::label_value(outcome) +
            "\",reason=\"" + ops::label_value(reason) + "\"");
  }
  for (const auto& [key, n] : e.runs_ended) {
    add(out, "autofixd_runs_ended_total", "counter", "Runs that ended, by rule and final state",
        static_cast<double>(n),
        "rule=\"" + ops::label_value(key.first) + "\",state=\"" + ops::label_value(key.second) +
            "\"");
  }
}

// Sentry calls by endpoint: latency, answers by status class, and the
// waits for rate limits.
void add_sentry_metrics(std::vector<ops::Sample>& out, std::vector<ops::HistogramSample>& hist,
                        const sentry::CallMetrics& m) {
  for (std::size_t e = 0; e < sentry::kEndpoints; ++e) {
    const std::string endpoint(sentry::to_string(static_cast<sentry::Endpoint>(e)));
    for (std::size_t c = 0; c < sentry::kStatusClasses; ++c) {
      add(out, "autofixd_sentry_requests_total", "counter",
          "Sentry requests by endpoint and status class (transport: no HTTP answer)",
          static_cast<double>(m.requests[e][c]),
          "endpoint=\"" + endpoint + "\",status=\"" +
              std::string(sentry::to_string(static_cast<sentry::StatusClass>(c))) + "\"");
    }
  }
  for (std::size_t e = 0; e < sentry::kEndpoints; ++e) {
    const std::string endpoint(sentry::to_string(static_cast<sentry::Endpoint>(e)));
    hist.push_back({"autofixd_sentry_request_seconds",
                    "Sentry request latency by endpoint, from send to answer (or failure)",
                    "endpoint=\"" + endpoint + "\"", m.latency[e]});
  }
  for (std::size_t r = 0; r < sentry::kWaitReasons; ++r) {
    const std::string reason(sentry::to_string(static_cast<sentry::WaitReason>(r)));
    add(out, "autofixd_sentry_rate_limit_waits_total", "counter",
        "Sentry calls that waited before sending: Sentry's 429 pause or the client's own limits",
        static_cast<double>(m.waits[r]), "reason=\"" + reason + "\"");
  }
  for (std::size_t r = 0; r < sentry::kWaitReasons; ++r) {
    const std::string reason(sentry::to_string(static_cast<sentry::WaitReason>(r)));
    add(out, "autofixd_sentry_rate_limit_wait_seconds_total", "counter",
        "Seconds Sentry calls waited before sending, by reason", m.wait_seconds[r],
        "reason=\"" + reason + "\"");
  }
}

}  // namespace

net::awaitable<http::Response> Daemon::route(http::Request request, bool webhook_here,
                                             bool ops_here) {
  const auto path = request.path();
  const auto& webhook_path = config_.get()->server.webhook_path;
  if (webhook_here && path == webhook_path) {
    if (request.method != "POST") co_return method_not_allowed("POST");
    const auto received = std::chrono::steady_clock::now();
    auto response = co_await webhook_.handle(std::move(request));
    if (response.status == 202) {
      intake_latency_.observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - received).count());
    }
    co_return response;
  }
  const bool get = request.method == "GET" || request.method == "HEAD";
  if (!ops_here) {
    co_return http::json_error(404, "not_found", "no such endpoint: " + std::string(path));
  }
  if (path == "/healthz") {
    if (!get) co_return method_not_allowed("GET");
    co_return http::json_status(200, "ok");
  }
  if (path == "/readyz") {
    if (!get) co_return method_not_allowed("GET");
    co_return co_await ready();
  }
  if (path == "/metrics") {
    if (!get) co_return method_not_allowed("GET");
    co_return co_await metrics();
  }
  co_return http::json_error(404, "not_found", "no such endpoint: " + std::string(path));
}

net::awaitable<http::Response> Daemon::ready() {
  // Without a client secret every webhook is refused (401): a daemon that
  // cannot take Sentry's deliveries is not ready, however healthy otherwise.
  if (config_.get()->server.client_secrets.empty()) {
    co_return http::json_error(503, "no_client_secret",
                               "no webhook client secret is configured: every webhook would be "
                               "refused");
  }
  // Each probe is a durable write; probes more frequent than this share one.
  constexpr auto kProbeReuse = std::chrono::seconds(1);
  const auto now = std::chrono::steady_clock::now();
  if (!last_store_probe_ || now - last_store_probe_->first >= kProbeReuse) {
    auto writable = co_await store_.call([](store::Store& s) { return s.probe_writable(); });
    last_store_probe_.emplace(now, writable ? "" : writable.error().message);
  }
  // The endpoint may be public: it names the reason, never the error text
  // (paths, Sentry's answers); the log has the details.
  if (!last_store_probe_->second.empty()) {
    co_return http::json_error(503, "store_not_writable",
                               "the store cannot commit (see the daemon's log)");
  }
  if (api_ && api_->health().any_call && !api_->health().last_ok) {
    co_return http::json_error(503, "sentry_unreachable",
                               "the last Sentry call failed (see the daemon's log)");
  }
  co_return http::json_status(200, "ready",
                              api_ ? "\"mode\":\"live\"" : "\"mode\":\"dry_run\"");
}

net::awaitable<http::Response> Daemon::metrics() {
  std::vector<ops::Sample> s;
  const auto& in = webhook_.stats();
  const std::string t = "autofixd_webhooks_total";
  const std::string h = "Webhook deliveries by result";
  add(s, t, "counter", h, static_cast<double>(in.accepted), R"(result="accepted")");
  add(s, t, "counter", h, static_cast<double>(in.duplicates), R"(result="duplicate")");
  add(s, t, "counter", h, static_cast<double>(in.ignored), R"(result="ignored")");
  add(s, t, "counter", h, static_cast<double>(in.unauthorized), R"(result="unauthorized")");
  add(s, t, "counter", h, static_cast<double>(in.malformed), R"(result="malformed")");
  add(s, t, "counter", h, static_cast<double>(in.store_failures), R"(result="store_failure")");
  add(s, t, "counter", h, static_cast<double>(in.backlog_refusals), R"(result="backlog_full")");
  const auto& p = processor_.stats();
  const std::string d = "autofixd_decisions_total";
  add(s, d, "counter", "Decisions by outcome", static_cast<double>(p.decisions_start), R"(outcome="start")");
  add(s, d, "counter", "Decisions by outcome", static_cast<double>(p.decisions_skip), R"(outcome="skip")");
  add(s, d, "counter", "Decisions by outcome", static_cast<double>(p.decisions_watch), R"(outcome="watch")");
  add(s, d, "counter", "Decisions by outcome", static_cast<double>(p.decisions_dry_run), R"(outcome="dry_run")");
  add(s, d, "counter", "Decisions by outcome", static_cast<double>(p.decisions_observe), R"(outcome="observe")");
  add(s, d, "counter", "Decisions by outcome", static_cast<double>(p.decisions_queued), R"(outcome="queued")");
  add(s, "autofixd_decisions_repeated_at_intake_total", "counter",
      "Skips for an active run counted on the issue's decision as the delivery was stored",
      static_cast<double>(p.repeated_at_intake));
  add(s, "autofixd_replay_keys_spilled_total", "counter",
      "Deliveries whose replay keys memory let go of to the spill table in a temporary "
      "database ([store] replay_keys_in_memory reached within 24 h)",
      static_cast<double>(store_.replay_keys_spilled()));
  add(s, "autofixd_queue_size", "gauge", "Starts waiting in the queue for a budget or resume",
      static_cast<double>(p.queue_size));
  add(s, "autofixd_queue_expired_total", "counter",
      "Queued starts dropped after [watch] expire_after", static_cast<double>(p.queue_expired));
  const auto& e = engine_.stats();
  add(s, "autofixd_runs_started_total", "counter", "Autofix runs started", static_cast<double>(e.runs_started));
  add(s, "autofixd_runs_finished_total", "counter", "Runs that reached a terminal state", static_cast<double>(e.runs_finished));
  add(s, "autofixd_polls_total", "counter", "Autofix state polls", static_cast<double>(e.polls));
  add(s, "autofixd_comments_posted_total", "counter", "Result comments posted", static_cast<double>(e.comments_posted));
  add(s, "autofixd_sentry_errors_total", "counter", "Failed Sentry calls", static_cast<double>(e.sentry_errors));
  add(s, "autofixd_sentry_no_budget_total", "counter", "Starts refused with 402 (no Seer budget)", static_cast<double>(e.no_budget));
  add(s, "autofixd_starts_paused", "gauge", "1 while new starts are paused after a 402", e.starts_paused ? 1 : 0);
  add(s, "autofixd_sentry_auth_refused", "gauge",
      "1 while Sentry refuses the token (401/403); runs wait", e.auth_paused ? 1 : 0);
  add(s, "autofixd_runs_adopted_total", "counter",
      "Runs adopted from Sentry after an interrupted start", static_cast<double>(e.runs_adopted));
  add(s, "autofixd_paused", "gauge", "1 while automation is paused (autofixd pause)",
      e.paused ? 1 : 0);
  add(s, "autofixd_seer_not_enabled_total", "counter",
      "Starts refused because Seer is not enabled for the project (403)",
      static_cast<double>(e.seer_not_enabled));
  add(s, "autofixd_uncertain_starts_total", "counter",
      "Start POSTs that may have reached Sentry without an answer",
      static_cast<double>(e.uncertain_starts));
  add(s, "autofixd_already_triggered_total", "counter",
      "Starts dropped just before the POST: someone else's Seer run was found",
      static_cast<double>(e.already_triggered));
  add(s, "autofixd_runs_superseded_total", "counter",
      "Runs replaced on their issue by another Seer run", static_cast<double>(e.superseded));
  add(s, "autofixd_steps_continued_total", "counter",
      "Continue and hand-off POSTs on an existing Seer run", static_cast<double>(e.steps_continued));
  const auto& o = dispatcher_.stats();
  add(s, "autofixd_outbox_sent_total", "counter",
      "Tracker and notify messages delivered", static_cast<double>(o.sent));
  add(s, "autofixd_outbox_skipped_total", "counter",
      "Tracker and notify messages with nothing to do at the target", static_cast<double>(o.skipped));
  add(s, "autofixd_outbox_given_up_total", "counter",
      "Tracker and notify messages given up on (dead letters)", static_cast<double>(o.dead));
  add(s, "autofixd_outbox_failures_total", "counter",
      "Tracker and notify attempts that failed and are retried", static_cast<double>(o.failures));
  if (sweeper_) {
    const auto& w = sweeper_->stats();
    add(s, "autofixd_sweeps_total", "counter", "Sweeps of recent unresolved issues", static_cast<double>(w.sweeps));
    add(s, "autofixd_sweep_failures_total", "counter", "Sweeps that could not list or queue issues", static_cast<double>(w.failures));
    add(s, "autofixd_sweep_issues_queued_total", "counter", "Never-seen issues the sweep queued for evaluation", static_cast<double>(w.issues_queued));
  }
  const auto& pruned = pruner_.stats();
  add(s, "autofixd_delivery_bodies_pruned_total", "counter",
      "Delivery bodies deleted after [store] body_retention", static_cast<double>(pruned.bodies_deleted));
  add(s, "autofixd_body_prune_failures_total", "counter",
      "Passes that could not delete old delivery bodies", static_cast<double>(pruned.failures));
  add(s, "autofixd_dry_run", "gauge", "1 when no Sentry token is configured", api_ ? 0 : 1);
  // Sampled off the store thread (app/store_gauges.hpp): a scrape never
  // waits on, or delays, webhook commits.
  if (const auto counts = gauges_.latest()) {
    const std::string r = "autofixd_runs";
    const std::string rh = "Runs in the store by state";
    add(s, r, "gauge", rh, static_cast<double>(counts->pending), R"(state="pending")");
    add(s, r, "gauge", rh, static_cast<double>(counts->starting), R"(state="starting")");
    add(s, r, "gauge", rh, static_cast<double>(counts->running), R"(state="running")");
    add(s, r, "gauge", rh, static_cast<double>(counts->completed), R"(state="completed")");
    add(s, r, "gauge", rh, static_cast<double>(counts->failed), R"(state="failed")");
    add(s, r, "gauge", rh, static_cast<double>(counts->needs_input), R"(state="needs_input")");
    add(s, r, "gauge", rh, static_cast<double>(counts->timed_out), R"(state="timed_out")");
    add(s, r, "gauge", rh, static_cast<double>(counts->cancelled), R"(state="cancelled")");
    add(s, "autofixd_comments_pending", "gauge", "Comments not yet posted", static_cast<double>(counts->comments_pending));
    add(s, "autofixd_deliveries_pending", "gauge", "Deliveries stored, not yet processed", static_cast<double>(counts->deliveries_pending));
    add(s, "autofixd_deliveries_dead", "gauge", "Deliveries given up on", static_cast<double>(counts->deliveries_dead));
    add(s, "autofixd_watched_issues", "gauge", "Issues watched for re-check", static_cast<double>(counts->watched));
    add(s, "autofixd_outbox_pending", "gauge", "Tracker and notify messages not yet delivered", static_cast<double>(counts->outbox_pending));
    add(s, "autofixd_outbox_dead", "gauge", "Tracker and notify messages given up on", static_cast<double>(counts->outbox_dead));
  }
  const auto hs = server_.stats();
  add(s, "autofixd_http_connections_open", "gauge", "Open HTTP connections", static_cast<double>(hs.connections_open));
  add(s, "autofixd_http_requests_total", "counter", "HTTP requests handled", static_cast<double>(hs.requests));
  add(s, "autofixd_http_rejected_total", "counter", "Requests rejected before the handler", static_cast<double>(hs.rejected_by_parser));
  add(s, "autofixd_http_connections_refused_total", "counter",
      "Connections closed at accept: every slot busy, or max_connections_per_ip",
      static_cast<double>(hs.connections_refused));
  add(s, "autofixd_http_idle_connections_closed_total", "counter",
      "Idle connections closed to make room at max_connections",
      static_cast<double>(hs.idle_connections_closed));
  add(s, "autofixd_http_rejected_for_memory_total", "counter",
      "Requests answered 503 because [server] max_body_memory was in use",
      static_cast<double>(hs.rejected_for_memory));
  add(s, "autofixd_http_body_bytes_reserved", "gauge",
      "Bytes of request bodies being read or handled now", static_cast<double>(hs.body_bytes_reserved));
  std::vector<ops::HistogramSample> histograms;
  histograms.push_back({"autofixd_webhook_intake_seconds",
                        "Webhook deliveries from request read to 202 (stored), in seconds", "",
                        intake_latency_});
  add_rule_metrics(s, processor_.stats(), engine_.stats());
  if (client_) add_sentry_metrics(s, histograms, client_->metrics());
  co_return http::Response{200, "text/plain; version=0.0.4",
                           ops::render_prometheus(s, histograms), {}};
}

}  // namespace autofixd::app
