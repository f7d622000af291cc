#pragma once
// Starts the real autofixd binary with a generated config, talks to it over
// real sockets, and stops it with real signals.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace autofixd::testing {

struct HttpResult {
  int status = 0;  // 0 when the connection failed or closed without an answer
  std::string headers;
  std::string body;
};

// Sends `raw` bytes to 127.0.0.1:port and reads the answer until the server
// closes or a full response (by Content-Length) has arrived.
HttpResult raw_http(std::uint16_t port, const std::string& raw,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

using HeaderList = std::vector<std::pair<std::string, std::string>>;
HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const HeaderList& headers, const std::string& body);

class DaemonProcess {
 public:
  // `config_toml` is written to DIR/autofixd.toml; "{DIR}" in it is replaced
  // by the process's own temporary directory. An `env` entry "NAME={PID}"
  // is set to the daemon's own pid (LISTEN_PID, WATCHDOG_PID).
  explicit DaemonProcess(std::string config_toml, std::vector<std::string> env = {});
  ~DaemonProcess();  // SIGKILL if still running; removes the directory

  // Starts the binary and waits for "listening on 127.0.0.1:PORT".
  void start();
  // From the next start(): `fd` (owned by the caller) is the daemon's fd 3,
  // as systemd passes a socket unit's socket; set LISTEN_FDS=1 and
  // LISTEN_PID={PID} in `env` to go with it.
  void inherit_socket(int fd) { inherited_fd_ = fd; }
  // From the next start(): one more environment entry.
  void add_env(std::string entry) { env_.push_back(std::move(entry)); }
  // From the next start(): options before `run` (e.g. {"--log-format", "json"}).
  void set_global_args(std::vector<std::string> args) { global_args_ = std::move(args); }
  // The log file the next start() writes to (to know its inode beforehand).
  std::filesystem::path next_log_path() const {
    return dir_ / ("daemon-" + std::to_string(starts_ + 1) + ".log");
  }
  // SIGTERM and wait; returns the exit status (or -signal).
  int stop(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void kill9();
  // Sends `signal` (e.g. SIGHUP) to the running daemon.
  void send_signal(int signal);
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }  // -1 when not running

  std::uint16_t port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path store_path() const { return dir_ / "store" / "autofixd.db"; }
  std::filesystem::path config_path() const { return dir_ / "autofixd.toml"; }
  std::string log() const;

  // Runs `autofixd ARGS... --config CONFIG` to completion; returns {exit code, stdout}.
  std::pair<int, std::string> cli(const std::vector<std::string>& args) const;
  // What the last cli() call wrote to stderr.
  std::string cli_errors() const;

 private:
  std::filesystem::path dir_;
  std::vector<std::string> env_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  int starts_ = 0;
  int inherited_fd_ = -1;
  std::vector<std::string> global_args_;
};

// A signed Sentry webhook POST for `resource` with `body`.
HttpResult post_webhook(std::uint16_t port, const std::string& resource, const std::string& body,
                        const std::string& request_id, const std::string& secret,
                        std::optional<long long> timestamp = std::nullopt);

// Polls `predicate` every 20 ms until true or `timeout`.
template <typename Predicate>
bool eventually(Predicate predicate, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    struct timespec ts {0, 20'000'000};
    nanosleep(&ts, nullptr);
  }
  return predicate();
}

}  // namespace autofixd::testing
