#include "rules/text.hpp"

#include <cstdio>

#include "sentry/text.hpp"
#include "util/time_format.hpp"

namespace autofixd::rules::text {
namespace {

// Titles can be long; a decision sentence names them, it does not archive them.
constexpr std::size_t kMaxQuotedBytes = 300;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) return false;
  }
  return true;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string list(const std::vector<std::string>& items) { return "[" + join(items, ", ") + "]"; }

std::string score(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", value);
  return buf;
}

std::string score_against(double value, double other) {
  if (value == other || score(value) != score(other)) return score(value);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  return buf;
}

std::string threshold(double value, std::string_view as_written) {
  if (is_name(as_written)) return std::string(as_written) + " (" + score(value) + ")";
  return score(value);
}

std::string quoted(std::string_view s) {
  return "\"" + sentry::text::one_line(s, kMaxQuotedBytes) + "\"";
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

}  // namespace autofixd::rules::text
