#pragma once
// One daemon per store. The replay window's keys live in the daemon's
// memory (store/recent_keys.hpp), so a second daemon on the same file would
// not see the first one's deliveries as duplicates; it is refused at start.
// An flock(2) on the store file: independent of SQLite's own fcntl locks,
// released by the kernel when the process dies (kill -9 included), and not
// taken by the CLI's commands, which may run beside the daemon.

#include <string>

#include "util/result.hpp"

namespace autofixd::store {

class InstanceLock {
 public:
  // Errors: "store.locked" (another process holds it), "store.open".
  static Result<InstanceLock> acquire(const std::string& store_path);

  InstanceLock(InstanceLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  InstanceLock& operator=(InstanceLock&&) = delete;
  InstanceLock(const InstanceLock&) = delete;
  ~InstanceLock();

 private:
  explicit InstanceLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace autofixd::store
