#pragma once
// Time is injected so that polling, backoff and windows are testable without
// sleeping. Wall-clock time is used throughout because it is persisted.

#include <chrono>
#include <cstdint>

namespace autofixd {

using SysTime = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SysTime now() const = 0;
};

class SystemClock final : public Clock {
 public:
  SysTime now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(SysTime start = SysTime{}) : now_(start) {}
  SysTime now() const override { return now_; }
  void set(SysTime t) { now_ = t; }
  void advance(Millis d) { now_ += d; }

 private:
  SysTime now_;
};

inline std::int64_t to_unix_ms(SysTime t) {
  return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count();
}
inline SysTime from_unix_ms(std::int64_t ms) { return SysTime{} + Millis{ms}; }

}  // namespace autofixd
