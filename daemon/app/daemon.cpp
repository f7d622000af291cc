#include "app/daemon.hpp"

#include <csignal>

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "config/reload.hpp"
#include "ops/systemd.hpp"
#include "util/task_group.hpp"

namespace autofixd::app {
namespace {

// After SIGTERM, in-flight work gets this long before the loop is stopped.
constexpr Millis kShutdownBound{10'000};

std::unique_ptr<sentry::SentryClient> make_client(net::io_context& ioc,
                                                  const config::Config& config) {
  if (config.dry_run()) return nullptr;
  return std::make_unique<sentry::SentryClient>(ioc.get_executor(), config.sentry);
}

// The ops listener: the webhook listener's limits, its own address, plain HTTP.
std::unique_ptr<http::Server> make_ops_server(net::io_context& ioc,
                                              const config::ServerConfig& server,
                                              http::Handler handler) {
  if (!server.ops_listen_host) return nullptr;
  config::ServerConfig ops = server;
  ops.listen_host = *server.ops_listen_host;
  ops.listen_port = server.ops_listen_port;
  ops.tls = {};
  return std::make_unique<http::Server>(ioc, std::move(ops), std::move(handler));
}

}  // namespace

Daemon::Daemon(config::Config config, store::Store store)
    : config_(config),
      server_config_(config.server),
      store_(std::move(store)),
      client_(make_client(ioc_, config)),
      api_(client_ ? std::make_unique<TrackedApi>(*client_) : nullptr),
      engine_(ioc_.get_executor(), store_, api_.get(), config_, clock_),
      dispatcher_(ioc_.get_executor(), store_, config_, clock_, api_.get()),
      processor_(ioc_.get_executor(), store_, api_.get(), config_, clock_,
                 [this] { engine_.wake(); }),
      sweeper_(api_ ? std::make_unique<runs::Sweeper>(ioc_.get_executor(), store_, *api_, config_,
                                                      clock_, [this] { processor_.wake(); })
                    : nullptr),
      pruner_(ioc_.get_executor(), store_, config_, clock_),
      webhook_(server_config_, store_, clock_,
               {.repeat_hint =
                    [this](const intake::Envelope& parsed) {
                      return processor_.repeat_hint(parsed);
                    },
                .committed =
                    [this](DeliveryId id, intake::Envelope parsed) {
                      processor_.hand_over(id, std::move(parsed));
                    },
                .repeated =
                    [this](DeliveryId id, const intake::Envelope& parsed,
                           const store::RepeatHint& hint, std::int64_t decision) {
                      processor_.count_repeated(id, parsed, hint, decision);
                    }}),
      server_(ioc_, config.server,
              [this](http::Request request) {
                return route(std::move(request), true, ops_server_ == nullptr);
              }),
      ops_server_(make_ops_server(
          ioc_, config.server,
          [this](http::Request request) { return route(std::move(request), false, true); })),
      gauges_(config.store.path) {
  processor_.on_seer_state([this](RunId run, sentry::AutofixState state,
                                  std::chrono::steady_clock::time_point read_at) {
    engine_.hand_over_seer_state(run, std::move(state), read_at);
  });
  server_.set_head_gate([this](const http::Head& head) -> std::optional<http::Rejection> {
    const auto path = head.target.substr(0, head.target.find('?'));
    if (head.method != "POST" || path != config_.get()->server.webhook_path) return std::nullopt;
    return webhook_.check_head(head);
  });
}

Daemon::~Daemon() = default;

// The sockets systemd passed (socket activation), by listener; none outside it.
Result<ops::SocketAssignment> Daemon::systemd_sockets() const {
  auto sockets = ops::inherited_sockets();
  if (!sockets) return sockets.error();
  const auto& server = config_.get()->server;
  std::optional<ops::ListenAddress> ops_address;
  if (server.ops_listen_host) {
    ops_address = ops::ListenAddress{*server.ops_listen_host, server.ops_listen_port};
  }
  return ops::assign_sockets(*sockets, {server.listen_host, server.listen_port}, ops_address);
}

int Daemon::run() {
  const auto config = config_.get();
  auto sockets = systemd_sockets();
  if (!sockets) {
    spdlog::critical("{}", sockets.error().message);
    return 1;
  }
  auto bound = server_.listen(sockets->webhook);
  if (!bound) {
    spdlog::critical("{}", bound.error().message);
    return 1;
  }
  constexpr const char* kFromSystemd = " (socket passed by systemd)";
  spdlog::info("listening on {}{}", *bound, sockets->webhook ? kFromSystemd : "");
  if (ops_server_) {
    auto ops_bound = ops_server_->listen(sockets->ops);
    if (!ops_bound) {
      spdlog::critical("ops listener: {}", ops_bound.error().message);
      return 1;
    }
    spdlog::info("ops endpoints (/healthz, /readyz, /metrics): http://{}{}", *ops_bound,
                 sockets->ops ? kFromSystemd : "");
  }
  gauges_.start();
  spdlog::info("webhook endpoint: POST {}://{}{}", server_.tls() ? "https" : "http", *bound,
               config->server.webhook_path);
  if (server_.tls()) spdlog::info("TLS: certificate {}", config->server.tls.cert_file);
  if (config->dry_run()) {
    spdlog::warn(
        "DRY-RUN: no Sentry token configured (token, token_file or SENTRY_TOKEN): "
        "decisions are recorded, nothing is started or posted in Sentry");
  } else {
    spdlog::info("live: Sentry {} organization \"{}\"", config->sentry.base_url,
                 config->sentry.organization);
  }
  if (config->server.client_secrets.empty()) {
    spdlog::warn(
        "no webhook client secret configured: every webhook will be refused (401) and /readyz "
        "answers 503 no_client_secret");
  }

  TaskGroup tasks(ioc_.get_executor());
  tasks.spawn("http server", server_.run());
  if (ops_server_) tasks.spawn("ops http server", ops_server_->run());
  tasks.spawn("delivery processor", processor_.run());
  tasks.spawn("runs engine", engine_.run());
  tasks.spawn("outbox dispatcher", dispatcher_.run());
  if (sweeper_) tasks.spawn("sweep", sweeper_->run());
  tasks.spawn("body pruner", pruner_.run());
  tasks.spawn("signal handler", handle_signals());
  tasks.spawn("watchdog", watchdog());
  net::co_spawn(ioc_, supervise(tasks), net::detached);
  ops::notify("READY=1\nSTATUS=accepting webhooks");
  ioc_.run();
  spdlog::info("stopped");
  return 0;
}

// Resumes when every task has ended, so the shutdown guard need not fire.
net::awaitable<void> Daemon::supervise(TaskGroup& tasks) {
  co_await tasks.wait();
  shutdown_guard_.cancel();
}

net::awaitable<void> Daemon::handle_signals() {
  while (!stopping_) {
    auto [ec, number] = co_await signals_.async_wait(net::as_tuple(net::use_awaitable));
    if (ec) break;
    if (number == SIGHUP) {
      ops::notify_reloading();
      const std::string status = reload();
      ops::notify("READY=1\nSTATUS=" + status);
      // The operator may have fixed what made calls fail (token, network) or
      // replayed dead deliveries: try both now rather than at their timers.
      co_await engine_.retry_waiting_now();
      dispatcher_.wake();
      processor_.wake();
      if (sweeper_) sweeper_->wake();  // a new [sweep] interval applies now
      pruner_.wake();                  // and a new [store] body_retention
      continue;
    }
    spdlog::info("received {}, shutting down", number == SIGTERM ? "SIGTERM" : "SIGINT");
    shutdown();
  }
}

void Daemon::shutdown() {
  stopping_ = true;
  ops::notify("STOPPING=1\nSTATUS=shutting down: finishing requests in flight");
  server_.stop();
  if (ops_server_) ops_server_->stop();
  processor_.stop();
  engine_.stop();
  dispatcher_.stop();
  if (sweeper_) sweeper_->stop();
  pruner_.stop();
  signals_.cancel();
  watchdog_timer_.cancel();
  // In-flight Sentry calls have their own timeouts; this bounds the total.
  shutdown_guard_.expires_after(kShutdownBound);
  shutdown_guard_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    spdlog::warn("shutdown: work still in flight after {}s; stopping anyway",
                 kShutdownBound.count() / 1000);
    ioc_.stop();
  });
}

std::string Daemon::reload() {
  const auto current = config_.get();
  auto next = config::load_config(current->source, config::process_env());
  if (!next) {
    spdlog::error("SIGHUP: config not reloaded, keeping the running one: {}", next.error().message);
    return "accepting webhooks; the last reload failed (see the log), the previous config runs";
  }
  for (const auto& kept : config::keep_restart_only_keys(*current, *next)) {
    spdlog::warn("SIGHUP: {} changes only on restart: keeping {} (the file says {})", kept.key,
                 kept.running, kept.wanted);
  }
  if (server_.tls() && !next->server.tls.cert_file.empty()) {
    if (auto tls = server_.reload_tls(next->server.tls); !tls) {
      spdlog::error("SIGHUP: TLS certificate not reloaded, keeping the current one: {}",
                    tls.error().message);
    } else {
      spdlog::info("SIGHUP: TLS certificate reloaded from {}", next->server.tls.cert_file);
    }
  }
  if (client_ && !next->dry_run()) client_->set_token(next->sentry.token);
  server_config_.client_secrets = next->server.client_secrets;
  server_config_.timestamp_tolerance = next->server.timestamp_tolerance;
  server_config_.allowed_installations = next->server.allowed_installations;
  server_config_.max_pending_deliveries = next->server.max_pending_deliveries;
  if (next->log.level != current->log.level) {
    spdlog::set_level(spdlog::level::from_str(next->log.level));
    spdlog::info("SIGHUP: log level {}", next->log.level);
  }
  spdlog::info("SIGHUP: configuration reloaded ({} rules)", next->rules.size());
  std::string status = "accepting webhooks; configuration reloaded (" +
                       std::to_string(next->rules.size()) + " rules)";
  config_.set(std::move(*next));
  return status;
}

// Each ping follows a no-op call through the store thread that came back:
// a stuck store thread (a hung disk, a lock never released) stops the pings
// and systemd restarts the daemon. The processor, the engine and the
// listeners share this coroutine's thread, so a ping also shows none of them
// is blocking it.
net::awaitable<void> Daemon::watchdog() {
  const auto interval = ops::watchdog_interval();
  if (!interval) co_return;
  spdlog::debug("watchdog: a ping every {} ms while the store answers", interval->count());
  while (!stopping_) {
    auto probe = [](store::Store&) -> Status { return {}; };
    const auto answered = co_await store_.call(std::move(probe));
    if (stopping_) break;
    if (answered) {
      ops::notify("WATCHDOG=1");
    } else {
      spdlog::warn("watchdog: no ping: the store thread refused a no-op call: {}",
                   answered.error().message);
    }
    watchdog_timer_.expires_after(*interval);
    co_await watchdog_timer_.async_wait(net::as_tuple(net::use_awaitable));
  }
}

}  // namespace autofixd::app
