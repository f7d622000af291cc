#include "integration/daemon_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "intake/signature.hpp"

namespace autofixd::testing {
namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "autofixd-it-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

int wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1000;  // did not stop in time
    }
    ::usleep(10'000);
  }
}

// Writes `value` in decimal at `out` (room for 20 digits and the NUL);
// async-signal-safe, for the child between fork() and exec().
void write_decimal(char* out, long value) {
  char digits[21];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && n < 20);
  while (n > 0) *out++ = digits[--n];
  *out = '\0';
}

// Everything the child needs is prepared before fork(): the test process has
// other threads (the fake Sentry), so the child only calls async-signal-safe
// functions. An env entry "NAME={PID}" gets the child's own pid (LISTEN_PID,
// WATCHDOG_PID); `inherited_fd`, when set, becomes the child's fd 3
// (SD_LISTEN_FDS_START), as systemd passes a socket.
pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const std::filesystem::path& out, const std::filesystem::path& err,
            int inherited_fd = -1) {
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  // What a test sets replaces what the test runner inherited (getenv reads
  // the first entry of a name), e.g. the runner's own INVOCATION_ID.
  const auto set_by_test = [&](const std::string& entry) {
    const std::string name = entry.substr(0, entry.find('=') + 1);
    return std::any_of(env.begin(), env.end(),
                       [&](const std::string& mine) { return mine.rfind(name, 0) == 0; });
  };
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (entry.rfind("SENTRY_", 0) == 0) continue;  // tests choose these
    if (!set_by_test(entry)) env_strings.push_back(entry);
  }
  env_strings.insert(env_strings.end(), env.begin(), env.end());
  const std::string pid_marker = "{PID}";
  std::vector<std::size_t> pid_slots;  // where the pid goes, per entry
  for (auto& e : env_strings) {
    if (e.ends_with("=" + pid_marker)) {
      e.replace(e.size() - pid_marker.size(), pid_marker.size(), std::string(21, ' '));
      pid_slots.push_back(static_cast<std::size_t>(&e - env_strings.data()));
    }
  }
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<char*> pid_at;
  for (auto i : pid_slots) pid_at.push_back(envp[i] + env_strings[i].size() - 21);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    if (inherited_fd >= 0) {
      if (inherited_fd != 3) ::dup2(inherited_fd, 3);
      ::fcntl(3, F_SETFD, 0);  // not close-on-exec
    }
    for (char* at : pid_at) write_decimal(at, static_cast<long>(::getpid()));
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  return pid;
}

}  // namespace

HttpResult raw_http(std::uint16_t port, const std::string& raw, std::chrono::milliseconds timeout) {
  HttpResult result;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return result;
  }
  std::size_t sent = 0;
  while (sent < raw.size()) {
    const auto n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (413) and close before reading it all
    sent += static_cast<std::size_t>(n);
  }
  std::string in;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[8192];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
    const auto end = in.find("\r\n\r\n");
    if (end == std::string::npos) continue;
    std::smatch m;
    const std::string head = in.substr(0, end);
    if (std::regex_search(head, m, std::regex("[Cc]ontent-[Ll]ength: *([0-9]+)")) &&
        in.size() >= end + 4 + std::stoul(m[1])) {
      break;
    }
  }
  ::close(fd);
  const auto end = in.find("\r\n\r\n");
  if (in.rfind("HTTP/1.", 0) != 0 || end == std::string::npos) return result;
  result.status = std::stoi(in.substr(9, 3));
  result.headers = in.substr(0, end);
  result.body = in.substr(end + 4);
  return result;
}

HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const HeaderList& headers, const std::string& body) {
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) raw += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST") raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  raw += "\r\n" + body;
  return raw_http(port, raw);
}

HttpResult post_webhook(std::uint16_t port, const std::string& resource, const std::string& body,
                        const std::string& request_id, const std::string& secret,
                        std::optional<long long> timestamp) {
  const long long ts = timestamp.value_or(static_cast<long long>(::time(nullptr)));
  return http_request(port, "POST", "/sentry/webhook",
                      {{"Content-Type", "application/json"},
                       {"Request-ID", request_id},
                       {"Sentry-Hook-Resource", resource},
                       {"Sentry-Hook-Timestamp", std::to_string(ts)},
                       {"Sentry-Hook-Signature", intake::sign(body, secret)}},
                      body);
}

DaemonProcess::DaemonProcess(std::string config_toml, std::vector<std::string> env)
    : dir_(make_temp_dir()), env_(std::move(env)) {
  const std::string marker = "{DIR}";
  for (auto at = config_toml.find(marker); at != std::string::npos;
       at = config_toml.find(marker, at)) {
    config_toml.replace(at, marker.size(), dir_.string());
  }
  std::ofstream(config_path()) << config_toml;
  // Private, as a config with an inline secret must be (whatever the umask).
  std::filesystem::permissions(
      config_path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0) kill9();
  std::error_code ec;
  if (!::getenv("AUTOFIXD_KEEP_TEST_DIRS")) std::filesystem::remove_all(dir_, ec);
}

void DaemonProcess::start() {
  const auto log_path = dir_ / ("daemon-" + std::to_string(++starts_) + ".log");
  std::vector<std::string> args{AUTOFIXD_BINARY};
  args.insert(args.end(), global_args_.begin(), global_args_.end());
  args.insert(args.end(), {"run", "--config", config_path().string()});
  pid_ = spawn(args, env_, log_path, log_path, inherited_fd_);
  const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
  const bool up = eventually(
      [&] {
        std::smatch m;
        const auto text = read_all(log_path);
        if (!std::regex_search(text, m, listening)) return false;
        port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
        return true;
      },
      std::chrono::seconds(20));
  if (!up) throw std::runtime_error("autofixd did not start; log:\n" + read_all(log_path));
}

int DaemonProcess::stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const int status = wait_exit(pid_, timeout);
  pid_ = -1;
  return status;
}

void DaemonProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void DaemonProcess::send_signal(int signal) {
  if (pid_ > 0) ::kill(pid_, signal);
}

std::string DaemonProcess::log() const {
  std::string all;
  for (int i = 1; i <= starts_; ++i) {
    all += read_all(dir_ / ("daemon-" + std::to_string(i) + ".log"));
  }
  return all;
}

std::pair<int, std::string> DaemonProcess::cli(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{AUTOFIXD_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--config");
  argv.push_back(config_path().string());
  const auto out = dir_ / "cli.out";
  std::filesystem::remove(out);
  std::filesystem::remove(dir_ / "cli.err");
  const pid_t pid = spawn(argv, env_, out, dir_ / "cli.err");
  const int status = wait_exit(pid, std::chrono::seconds(30));
  return {status, read_all(out)};
}

std::string DaemonProcess::cli_errors() const { return read_all(dir_ / "cli.err"); }

}  // namespace autofixd::testing
