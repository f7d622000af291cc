#pragma once
// Everything `autofixd run` wires together, owned in one place so the order
// of construction and destruction is explicit.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <csignal>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/store_gauges.hpp"
#include "app/tracked_api.hpp"
#include "config/holder.hpp"
#include "http/server.hpp"
#include "intake/webhook_handler.hpp"
#include "ops/listen_fds.hpp"
#include "runs/body_pruner.hpp"
#include "notify/dispatcher.hpp"
#include "runs/engine.hpp"
#include "runs/processor.hpp"
#include "runs/sweeper.hpp"
#include "sentry/sentry_client.hpp"
#include "store/async_store.hpp"
#include "util/histogram.hpp"
#include "util/task_group.hpp"

namespace autofixd::app {

class Daemon {
 public:
  Daemon(config::Config config, store::Store store);
  ~Daemon();

  // Listens, runs until SIGTERM/SIGINT, then shuts down. Returns the exit code.
  int run();

 private:
  // `ops_here`: this listener serves /healthz, /readyz and /metrics (the
  // main one only when [server] ops_listen is not set).
  net::awaitable<http::Response> route(http::Request request, bool webhook_here, bool ops_here);
  net::awaitable<http::Response> ready();
  net::awaitable<http::Response> metrics();
  net::awaitable<void> handle_signals();
  net::awaitable<void> watchdog();
  net::awaitable<void> supervise(TaskGroup& tasks);
  // Returns the STATUS= line for systemd.
  std::string reload();
  Result<ops::SocketAssignment> systemd_sockets() const;
  void shutdown();

  net::io_context ioc_{1};
  SystemClock clock_;
  config::ConfigHolder config_;
  config::ServerConfig server_config_;  // the webhook's live view (secrets rotate on SIGHUP)
  store::AsyncStore store_;
  std::unique_ptr<sentry::SentryClient> client_;
  std::unique_ptr<TrackedApi> api_;
  runs::Engine engine_;
  notify::Dispatcher dispatcher_;  // [[tracker]] and [[notify]] messages from the outbox
  runs::Processor processor_;
  std::unique_ptr<runs::Sweeper> sweeper_;  // null in dry-run: nothing to list with
  runs::BodyPruner pruner_;
  intake::WebhookHandler webhook_;
  http::Server server_;
  std::unique_ptr<http::Server> ops_server_;  // [server] ops_listen
  StoreGauges gauges_;
  net::signal_set signals_{ioc_, SIGINT, SIGTERM, SIGHUP};
  net::steady_timer watchdog_timer_{ioc_};
  net::steady_timer shutdown_guard_{ioc_};
  bool stopping_ = false;
  // Webhook request read → 202 written to the response, in seconds.
  Histogram intake_latency_ = Histogram::latency();
  // When /readyz last probed the store, and the error ("" = writable).
  std::optional<std::pair<std::chrono::steady_clock::time_point, std::string>> last_store_probe_;
};

}  // namespace autofixd::app
