#include "integration/http_call.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "integration/tls_client.hpp"

namespace autofixd::testing {

HttpResult http_call(std::uint16_t port, const std::string& ca_file, const HttpCall& call) {
  std::string raw =
      call.method + " " + call.target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [name, value] : call.headers) raw += name + ": " + value + "\r\n";
  if (!call.body.empty() || call.method == "POST" || call.method == "PATCH") {
    raw += "Content-Length: " + std::to_string(call.body.size()) + "\r\n";
  }
  raw += "\r\n" + call.body;
  if (ca_file.empty()) return raw_http(port, raw, call.timeout);
  TlsClient client(port, ca_file);
  if (!client.connect().empty() || !client.send(raw)) return HttpResult{};
  return client.read_response(call.timeout);
}

std::optional<std::string> response_header(const HttpResult& result, const std::string& name) {
  auto lower = [](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
  };
  std::istringstream lines(result.headers);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos || lower(line.substr(0, colon)) != lower(name)) continue;
    const auto start = line.find_first_not_of(' ', colon + 1);
    return start == std::string::npos ? "" : line.substr(start);
  }
  return std::nullopt;
}

}  // namespace autofixd::testing
