#include "ops/systemd.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>

namespace autofixd::ops {
namespace {

std::uint64_t monotonic_usec() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000u +
         static_cast<std::uint64_t>(now.tv_nsec) / 1'000u;
}

// The socket's local address; nullopt unless it is IPv4 or IPv6.
std::optional<InheritedSocket> local_address(int fd) {
  sockaddr_storage address{};
  socklen_t size = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) return std::nullopt;
  char text[INET6_ADDRSTRLEN] = {};
  InheritedSocket socket;
  socket.fd = fd;
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    socket.port = ntohs(v4->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    socket.port = ntohs(v6->sin6_port);
  } else {
    return std::nullopt;
  }
  socket.host = text;
  return socket;
}

}  // namespace

void notify(std::string_view state) {
  const std::string message(state);
  (void)::sd_notify(0, message.c_str());
}

void notify_reloading() {
  (void)::sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%llu",
                     static_cast<unsigned long long>(monotonic_usec()));
}

std::optional<Millis> watchdog_interval() {
  std::uint64_t usec = 0;
  if (::sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return Millis{static_cast<Millis::rep>(usec / 2000)};
}

Result<std::vector<InheritedSocket>> inherited_sockets() {
  char** names = nullptr;
  const int count = ::sd_listen_fds_with_names(1, &names);
  std::vector<InheritedSocket> sockets;
  Status bad;
  for (int i = 0; i < count; ++i) {
    const int fd = SD_LISTEN_FDS_START + i;
    const std::string name = names != nullptr && names[i] != nullptr ? names[i] : "unknown";
    auto socket = local_address(fd);
    if (bad && (!socket || ::sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1) <= 0)) {
      bad = make_error("systemd.listen_fds",
                       "systemd passed fd " + std::to_string(fd) + " (name \"" + name +
                           "\"), which is not a listening TCP socket (IPv4 or IPv6); use "
                           "ListenStream= with an address and port in the socket unit");
    }
    if (socket) {
      socket->name = name;
      sockets.push_back(std::move(*socket));
    }
  }
  if (names != nullptr) {
    for (int i = 0; i < count; ++i) std::free(names[i]);
    std::free(names);
  }
  if (count < 0) {
    return make_error("systemd.listen_fds",
                      "cannot read the sockets systemd passed (LISTEN_FDS, LISTEN_PID): error " +
                          std::to_string(-count));
  }
  if (!bad) return bad.error();
  return sockets;
}

}  // namespace autofixd::ops
