#pragma once
// Helpers for the config tests: an injected environment, parsing from a
// string, and a temporary directory for secret files.

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "config/config.hpp"

namespace autofixd::config::testing {

inline GetEnv env_of(std::map<std::string, std::string> vars = {}) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

inline Result<Config> parse(std::string_view text, const GetEnv& env = env_of()) {
  return parse_config(text, "autofixd.toml", env);
}

// The message a user sees, or "<valid>" when the text loads.
inline std::string error_of(std::string_view text, const GetEnv& env = env_of()) {
  const Result<Config> result = parse(text, env);
  return result ? std::string("<valid>") : result.error().message;
}

// The smallest valid config; tests append to it. Two lines long.
inline constexpr std::string_view kMinimal = "[sentry]\norganization = \"acme\"\n";

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "autofixd-config-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

  // Writes `content` to `name` with `mode`; returns the full path.
  std::string write(const std::string& name, const std::string& content, mode_t mode = 0600) const {
    const std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    ::chmod(file.c_str(), mode);
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace autofixd::config::testing
