#include "app/commands.hpp"

#include <iostream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "app/daemon.hpp"
#include "http/tls_context.hpp"
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
  auto store = store::Store::open(config->store.path);
  if (!store) {
    spdlog::critical("{}", store.error().message);
    return 1;
  }
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
