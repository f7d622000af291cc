#pragma once
// The store's gauges for /metrics (runs by state, pending comments, pending
// and dead deliveries, watched issues), sampled every few seconds on a
// read-only connection and thread of their own: a scrape costs a copy, and
// counting a large store never delays the store thread's webhook commits
// (WAL readers do not block the writer).

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "store/store.hpp"
#include "util/clock.hpp"

namespace autofixd::app {

class StoreGauges {
 public:
  explicit StoreGauges(std::string store_path, Millis interval = Millis{10'000});
  ~StoreGauges();
  StoreGauges(const StoreGauges&) = delete;
  StoreGauges& operator=(const StoreGauges&) = delete;

  void start();
  void stop();
  // The last sample; nullopt before the first one (or while the store
  // cannot be read).
  std::optional<store::RunCounts> latest() const;

 private:
  void loop();

  std::string path_;
  Millis interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::optional<store::RunCounts> latest_;
  std::thread thread_;
};

}  // namespace autofixd::app
