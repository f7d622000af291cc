#include "store/instance_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace autofixd::store {

Result<InstanceLock> InstanceLock::acquire(const std::string& store_path) {
  const int fd = ::open(store_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return make_error("store.open",
                      "cannot open store " + store_path + " to lock it: " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) {
      return make_error("store.locked",
                        "another autofixd is running on store " + store_path +
                            " (one daemon per store: stop it first, or give this one its own "
                            "[store] path)");
    }
    return make_error("store.open",
                      "cannot lock store " + store_path + ": " + std::strerror(error));
  }
  return InstanceLock(fd);
}

InstanceLock::~InstanceLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace autofixd::store
