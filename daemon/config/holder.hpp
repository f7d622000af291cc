#pragma once
// The live configuration. SIGHUP swaps in a new one; readers keep the
// snapshot they took for as long as they use it. Network thread only.

#include <memory>
#include <utility>

#include "config/config.hpp"

namespace autofixd::config {

class ConfigHolder {
 public:
  explicit ConfigHolder(Config initial)
      : current_(std::make_shared<const Config>(std::move(initial))) {}
  std::shared_ptr<const Config> get() const { return current_; }
  void set(Config next) { current_ = std::make_shared<const Config>(std::move(next)); }

 private:
  std::shared_ptr<const Config> current_;
};

}  // namespace autofixd::config
