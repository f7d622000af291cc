#include "config/reload.hpp"

#include "util/duration.hpp"

namespace autofixd::config {
namespace {

std::string shown(const std::string& v) { return "\"" + v + "\""; }
std::string shown(Millis v) { return format_duration(v); }
std::string shown(std::size_t v) { return std::to_string(v); }
std::string shown(double v) { return std::to_string(v); }

class Keeper {
 public:
  template <typename T>
  void keep(std::string key, const T& running, T& next) {
    if (running == next) return;
    kept_.push_back({std::move(key), shown(running), shown(next)});
    next = running;
  }
  // A key made of several fields; the caller puts them back.
  void note(std::string key, std::string running, std::string wanted) {
    kept_.push_back({std::move(key), std::move(running), std::move(wanted)});
  }
  std::vector<KeptKey> take() { return std::move(kept_); }

 private:
  std::vector<KeptKey> kept_;
};

std::string listen_text(const ServerConfig& s) {
  return s.listen_host + ":" + std::to_string(s.listen_port);
}

}  // namespace

std::vector<KeptKey> keep_restart_only_keys(const Config& running, Config& next) {
  Keeper k;
  const ServerConfig& rs = running.server;
  ServerConfig& ns = next.server;
  if (listen_text(rs) != listen_text(ns)) {
    k.note("server.listen", listen_text(rs), listen_text(ns));
    ns.listen_host = rs.listen_host;
    ns.listen_port = rs.listen_port;
  }
  const bool tls_running = !rs.tls.cert_file.empty();
  if (tls_running != !ns.tls.cert_file.empty()) {
    k.note("server.tls", tls_running ? "on" : "off", tls_running ? "off" : "on");
    ns.tls = rs.tls;
  }
  const auto ops_text = [](const ServerConfig& c) {
    return c.ops_listen_host ? *c.ops_listen_host + ":" + std::to_string(c.ops_listen_port)
                             : std::string("off");
  };
  if (ops_text(rs) != ops_text(ns)) {
    k.note("server.ops_listen", ops_text(rs), ops_text(ns));
    ns.ops_listen_host = rs.ops_listen_host;
    ns.ops_listen_port = rs.ops_listen_port;
  }
  k.keep("server.webhook_path", rs.webhook_path, ns.webhook_path);
  k.keep("server.max_connections_per_ip", rs.max_connections_per_ip, ns.max_connections_per_ip);
  k.keep("server.max_body_memory", rs.max_body_memory, ns.max_body_memory);
  k.keep("server.max_body_bytes", rs.max_body_bytes, ns.max_body_bytes);
  k.keep("server.header_timeout", rs.header_timeout, ns.header_timeout);
  k.keep("server.body_timeout", rs.body_timeout, ns.body_timeout);
  k.keep("server.idle_timeout", rs.idle_timeout, ns.idle_timeout);
  k.keep("server.max_connections", rs.max_connections, ns.max_connections);
  k.keep("store.path", running.store.path, next.store.path);
  k.keep("store.replay_keys_in_memory", running.store.replay_keys_in_memory,
         next.store.replay_keys_in_memory);
  const SentryConfig& rc = running.sentry;
  SentryConfig& nc = next.sentry;
  k.keep("sentry.base_url", rc.base_url, nc.base_url);
  k.keep("sentry.organization", rc.organization, nc.organization);
  k.keep("sentry.ca_file", rc.ca_file, nc.ca_file);
  k.keep("sentry.requests_per_second", rc.requests_per_second, nc.requests_per_second);
  k.keep("sentry.max_concurrent_requests", rc.max_concurrent_requests, nc.max_concurrent_requests);
  k.keep("sentry.connect_timeout", rc.connect_timeout, nc.connect_timeout);
  k.keep("sentry.request_timeout", rc.request_timeout, nc.request_timeout);
  // Dry-run has no Sentry client at all; a token that appears (or goes)
  // would leave runs decided that nothing starts, or a client without one.
  if (running.dry_run() != next.dry_run()) {
    k.note("sentry.token", running.dry_run() ? "none (dry-run)" : "set (live)",
           running.dry_run() ? "set (live)" : "none (dry-run)");
    nc.token = rc.token;
    nc.token_source = rc.token_source;
  }
  return k.take();
}

}  // namespace autofixd::config
