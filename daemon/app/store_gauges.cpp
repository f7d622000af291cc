#include "app/store_gauges.hpp"

#include <spdlog/spdlog.h>

#include "store/store.hpp"

namespace autofixd::app {

StoreGauges::StoreGauges(std::string store_path, Millis interval)
    : path_(std::move(store_path)), interval_(interval) {}

StoreGauges::~StoreGauges() { stop(); }

void StoreGauges::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { loop(); });
}

void StoreGauges::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::optional<store::RunCounts> StoreGauges::latest() const {
  const std::lock_guard lock(mutex_);
  return latest_;
}

void StoreGauges::loop() {
  std::optional<store::Store> store;
  bool warned = false;
  for (;;) {
    if (!store) {
      auto opened = store::Store::open_read_only(path_);
      if (opened) store.emplace(std::move(*opened));
    }
    std::optional<store::RunCounts> sample;
    if (store) {
      if (auto counts = store->counts()) {
        sample = *counts;
        warned = false;
      } else {
        if (!warned) spdlog::warn("metrics: cannot count the store: {}", counts.error().message);
        warned = true;
        store.reset();  // reopened next time
      }
    }
    std::unique_lock lock(mutex_);
    latest_ = sample;
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace autofixd::app
