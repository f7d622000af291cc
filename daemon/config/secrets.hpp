#pragma once
// Internal to config/: secret files and the paths the config names.

#include <filesystem>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace autofixd::config::detail {

// `path` as written in the config, resolved against `base_dir` (the config
// file's directory) when relative; "" stays "".
std::string resolve_path(const std::filesystem::path& base_dir, std::string_view path);

// True for paths under /run/credentials/, where systemd manages the modes.
bool under_systemd_credentials(const std::string& path);

// Reads a secret from `path` and trims trailing whitespace and newlines.
// Errors (message without the key, quoting the path): the file is missing,
// unreadable, not a regular file, larger than 64 KiB, empty after trimming,
// or readable by group or others (mode & 077) — except under
// /run/credentials/, whose modes systemd manages.
Result<std::string> read_secret_file(const std::string& path);

}  // namespace autofixd::config::detail
