#include "ops/listen_fds.hpp"

namespace autofixd::ops {
namespace {

bool wildcard(const std::string& host) { return host == "0.0.0.0" || host == "::"; }

bool bound_to(const InheritedSocket& socket, const ListenAddress& address) {
  return socket.port == address.port &&
         (socket.host == address.host || wildcard(socket.host) || wildcard(address.host));
}

std::string describe(const InheritedSocket& socket) {
  const bool v6 = socket.host.find(':') != std::string::npos;
  return "fd " + std::to_string(socket.fd) + " (" + (v6 ? "[" + socket.host + "]" : socket.host) +
         ":" + std::to_string(socket.port) + ", name \"" + socket.name + "\")";
}

Status take(std::optional<int>& slot, const InheritedSocket& socket, const char* key) {
  if (slot) {
    return make_error("systemd.listen_fds", "systemd passed two sockets for [server] " +
                                                std::string(key) + ": fd " + std::to_string(*slot) +
                                                " and " + describe(socket));
  }
  slot = socket.fd;
  return {};
}

}  // namespace

Result<SocketAssignment> assign_sockets(const std::vector<InheritedSocket>& sockets,
                                        const ListenAddress& webhook,
                                        const std::optional<ListenAddress>& ops) {
  SocketAssignment assignment;
  for (const auto& socket : sockets) {
    Status taken;
    if (socket.name == "webhook") {
      taken = take(assignment.webhook, socket, "listen");
    } else if (socket.name == "ops") {
      if (!ops) {
        return make_error("systemd.listen_fds", "systemd passed " + describe(socket) +
                                                    " for the ops endpoints, but [server] "
                                                    "ops_listen is not set");
      }
      taken = take(assignment.ops, socket, "ops_listen");
    } else if (ops && bound_to(socket, *ops) && !bound_to(socket, webhook)) {
      taken = take(assignment.ops, socket, "ops_listen");
    } else if (bound_to(socket, webhook)) {
      taken = take(assignment.webhook, socket, "listen");
    } else {
      return make_error(
          "systemd.listen_fds",
          "systemd passed " + describe(socket) + ", which matches neither [server] listen (" +
              webhook.host + ":" + std::to_string(webhook.port) + ")" +
              (ops ? " nor ops_listen (" + ops->host + ":" + std::to_string(ops->port) + ")"
                   : std::string{}) +
              "; make the socket unit's ListenStream= and the config agree, or "
              "name it with FileDescriptorName=webhook or ops");
    }
    if (!taken) return taken.error();
  }
  return assignment;
}

}  // namespace autofixd::ops
