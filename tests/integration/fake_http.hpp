#pragma once
// What a fake server records of each request and what it answers, shared
// by FakeSentry, FakeOwlmetry and FakeReceiver.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace autofixd::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct RecordedRequest {
  std::string method;
  std::string target;  // as sent, query included
  std::string path;    // target without the query
  Headers headers{};
  std::string body{};
  std::size_t connection = 0;  // 1-based number of the connection it came on
  std::chrono::steady_clock::time_point received_at;

  // The first header named `name` (case-insensitive).
  std::optional<std::string> header(std::string_view name) const;
};

struct FakeResponse {
  int status = 200;
  std::string body{};
  Headers headers{};  // replace the defaults (Content-Type: application/json)
};

}  // namespace autofixd::testing
