#include "app/commands.hpp"

#include <chrono>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "app/daemon.hpp"
#include "http/tls_context.hpp"
#include "ops/systemd.hpp"
#include "store/instance_lock.hpp"
#include "util/malloc.hpp"

namespace autofixd::app {

Result<config::Config> load(const CommonOptions& options) {
  return config::load_config(options.config_path, config::process_env());
}

std::optional<config::Config> load_or_report(const CommonOptions& options) {
  auto config = load(options);
  if (!config) {
    std::cerr << "autofixd: " << config.error().message << "\n";
    return std::nullopt;
  }
  return std::move(*config);
}

std::optional<store::Store> open_existing_store(const config::Config& config) {
  auto store = store::Store::open_existing(config.store.path);
  if (!store) {
    std::cerr << "autofixd: " << store.error().message << "\n";
    return std::nullopt;
  }
  return std::move(*store);
}

namespace {

// A schema migration copying a large table runs for minutes before the
// daemon can say READY=1 (bench/migration: 31 s for four million
// deliveries read from the disk). While it makes progress, systemd's start timeout
// (TimeoutStartSec, 90 s by default) is pushed back, so a big store is not
// killed mid-migration and rolled back on every restart; and the status and
// the log say why the daemon is not ready yet.
class MigrationReport {
 public:
  store::MigrationProgress progress() {
    return [this](int to, Millis elapsed) {
      if (!started_) {
        spdlog::info("store: migrating the schema from version {}", to - 1);
        started_ = std::chrono::steady_clock::now();
      }
      last_version_ = to;
      // At most one notification a second: a new store runs every migration
      // in a few milliseconds, and a burst of datagrams can fill the notify
      // socket's queue (10 by default) and block the daemon on sd_notify.
      const auto now = std::chrono::steady_clock::now();
      if (last_notified_ && now - *last_notified_ < std::chrono::seconds(1)) return;
      last_notified_ = now;
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
      ops::notify("EXTEND_TIMEOUT_USEC=" + std::to_string(kExtension.count()) +
                  "\nSTATUS=migrating the store to schema version " + std::to_string(to) +
                  " (" + std::to_string(seconds) + " s so far)");
    };
  }

  void finished() const {
    if (!started_) return;
    const auto took =
        std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - *started_);
    spdlog::info("store: schema migrated to version {} in {:.1f} s", last_version_,
                 static_cast<double>(took.count()) / 1000.0);
  }

 private:
  // Each report moves the deadline this far from now; reports come about
  // once a second while SQLite works.
  static constexpr std::chrono::microseconds kExtension = std::chrono::seconds(30);
  std::optional<std::chrono::steady_clock::time_point> started_;
  std::optional<std::chrono::steady_clock::time_point> last_notified_;
  int last_version_ = 0;
};

}  // namespace

int run_daemon(const CommonOptions& options) {
  auto config = load_or_report(options);
  if (!config) return 1;
  spdlog::set_level(spdlog::level::from_str(config->log.level));
  spdlog::info("autofixd 0.1.0 starting with {} ({})", config->source.string(), malloc_name());
  tune_malloc();
  // Locked before open() migrates: a new binary started beside a running
  // older daemon must not change the schema under it.
  if (auto created = store::Store::create_file(config->store.path); !created) {
    spdlog::critical("{}", created.error().message);
    return 1;
  }
  auto lock = store::InstanceLock::acquire(config->store.path);
  if (!lock) {
    spdlog::critical("{}", lock.error().message);
    return 1;
  }
  MigrationReport migration;
  auto store = store::Store::open(config->store.path, migration.progress());
  if (!store) {
    spdlog::critical("{}", store.error().message);
    return 1;
  }
  migration.finished();
  store->set_recent_keys_limit(config->store.replay_keys_in_memory);
  spdlog::info("store: {}", config->store.path);
  Daemon daemon(std::move(*config), std::move(*store));
  return daemon.run();
}

int check_config(const CommonOptions& options) {
  auto config = load(options);
  // The certificate and key are what `run` would refuse next; check them too.
  if (config && !config->server.tls.cert_file.empty()) {
    if (auto tls = http::make_tls_context(config->server.tls); !tls) config = tls.error();
  }
  if (!config) {
    if (options.json) {
      std::cout << nlohmann::json{{"valid", false}, {"error", config.error().message}}.dump() << "\n";
    }
    std::cerr << "autofixd: " << config.error().message << "\n";
    return 1;
  }
  std::cout << (options.json ? config::describe_json(*config) : config::describe(*config));
  if (options.json) std::cout << "\n";
  return 0;
}

}  // namespace autofixd::app
