#pragma once
// A complete HTTP response as the Sentry client sees it: no Beast types, so
// the classification and parsing code stays light and testable.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace autofixd::sentry {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  std::string body;
  HeaderList headers;  // in wire order, names as sent

  // The first header named `name` (ASCII case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() != name.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < key.size() && same; ++i) {
        same = ascii_lower(key[i]) == ascii_lower(name[i]);
      }
      if (same) return value;
    }
    return std::nullopt;
  }

 private:
  static char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
};

}  // namespace autofixd::sentry
