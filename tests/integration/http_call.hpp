#pragma once
// One HTTP request from a test to a fake server on 127.0.0.1: plain when
// `ca_file` is empty, else TLS trusting only that CA. A fresh connection
// each time (Connection: close).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "integration/daemon_process.hpp"

namespace autofixd::testing {

struct HttpCall {
  std::string method = "GET";
  std::string target = "/";
  HeaderList headers{};
  std::string body{};
  std::chrono::milliseconds timeout{10'000};  // for the answer; status 0 when none came
};

HttpResult http_call(std::uint16_t port, const std::string& ca_file, const HttpCall& call);

// The value of header `name` in `result.headers` (case-insensitive).
std::optional<std::string> response_header(const HttpResult& result, const std::string& name);

}  // namespace autofixd::testing
