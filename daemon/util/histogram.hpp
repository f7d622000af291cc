#pragma once
// A fixed-bucket histogram of durations in seconds, for /metrics. Not
// thread-safe: one thread observes and reads (the network thread).

#include <algorithm>
#include <cstdint>
#include <vector>

namespace autofixd {

class Histogram {
 public:
  // `bounds`: upper bounds (inclusive), ascending; +Inf is implicit.
  explicit Histogram(std::vector<double> bounds)
      : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

  // Request latencies: 5 ms to 30 s.
  static Histogram latency() {
    return Histogram({0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30});
  }

  void observe(double value) {
    const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
    ++counts_[static_cast<std::size_t>(at)];
    sum_ += value;
    ++count_;
  }

  const std::vector<double>& bounds() const { return bounds_; }
  // Observations at or below each bound, then the total (+Inf).
  std::vector<std::uint64_t> cumulative() const {
    std::vector<std::uint64_t> out(counts_.size());
    std::uint64_t running = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) out[i] = running += counts_[i];
    return out;
  }
  double sum() const { return sum_; }
  std::uint64_t count() const { return count_; }

 private:
  std::vector<double> bounds_;
  std::vector<std::uint64_t> counts_;  // per bucket, the last one above every bound
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace autofixd
