#include "config/secrets.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "config/section.hpp"

namespace autofixd::config::detail {
namespace {

// A secret is a token or a key, never a large file; refuse anything bigger
// rather than read a wrong path into memory.
constexpr std::size_t kMaxSecretBytes = 64 * 1024;

// Closes the descriptor on every path out of read_secret_file.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

Error read_error(const std::string& path, int err) {
  return make_error("config.secret_file", "cannot read " + quote(path) + ": " + std::strerror(err) +
                                              " (expected a readable file holding the secret)");
}

void trim_trailing_space(std::string& text) {
  const std::size_t end = text.find_last_not_of(" \t\r\n\f\v");
  text.erase(end == std::string::npos ? 0 : end + 1);
}

}  // namespace

bool under_systemd_credentials(const std::string& path) {
  const std::string normal = std::filesystem::path(path).lexically_normal().string();
  return normal.rfind("/run/credentials/", 0) == 0;
}

std::string resolve_path(const std::filesystem::path& base_dir, std::string_view path) {
  if (path.empty()) return {};
  const std::filesystem::path p(path);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (base_dir / p).lexically_normal().string();
}

// O_NONBLOCK: opening a FIFO named by mistake must not hang the loader; the
// S_ISREG check below then refuses it.
Result<std::string> read_secret_file(const std::string& path) {
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) return read_error(path, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return read_error(path, errno);
  if (!S_ISREG(st.st_mode)) {
    return make_error("config.secret_file",
                      quote(path) + " is not a regular file (expected a file holding the secret)");
  }
  if ((st.st_mode & 077) != 0 && !under_systemd_credentials(path)) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return make_error("config.secret_file_mode",
                      quote(path) + " is readable by group or others (mode " + mode +
                          ") (expected mode 0600 or stricter: run chmod 600 " + path + ")");
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxSecretBytes) {
    return make_error("config.secret_file", quote(path) +
                                                " is larger than 64 KiB (expected a file "
                                                "holding only the secret)");
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::read(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return read_error(path, errno);
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  text.resize(done);
  trim_trailing_space(text);
  if (text.empty()) {
    return make_error("config.secret_file",
                      quote(path) + " is empty (expected the secret as the file's content)");
  }
  return text;
}

}  // namespace autofixd::config::detail
