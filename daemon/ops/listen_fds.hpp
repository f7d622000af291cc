#pragma once
// Which listener each socket passed by systemd serves: pure, so the rules
// are tested without sockets (ops/systemd.cpp reads the real ones).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace autofixd::ops {

struct InheritedSocket {
  int fd = -1;
  std::string name;  // FileDescriptorName= of the socket unit ("unknown" unless set)
  std::string host;  // its local address, without brackets ("0.0.0.0", "::1")
  std::uint16_t port = 0;
};

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// The inherited descriptor for each listener, or nullopt: that one binds itself.
struct SocketAssignment {
  std::optional<int> webhook;
  std::optional<int> ops;
};

// A socket named "webhook" or "ops" (FileDescriptorName=) serves that
// listener whatever its address. Any other one serves the listener whose
// configured address it is bound to: same port, and the same host or either
// one a wildcard (0.0.0.0, ::). `ops` is [server] ops_listen when set.
// Errors ("systemd.listen_fds", naming the socket and the config keys): a
// socket that fits no listener, or two sockets for one listener.
Result<SocketAssignment> assign_sockets(const std::vector<InheritedSocket>& sockets,
                                        const ListenAddress& webhook,
                                        const std::optional<ListenAddress>& ops);

}  // namespace autofixd::ops
