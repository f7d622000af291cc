#include "util/human_format.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace autofixd {
namespace {

std::string amount(std::int64_t n, std::string_view unit) {
  return std::to_string(n) + " " + std::string(unit) + (n == 1 ? "" : "s");
}

}  // namespace

std::string format_count(std::int64_t n) {
  const bool negative = n < 0;
  // Via unsigned so the most negative value has a magnitude too.
  const std::uint64_t magnitude =
      negative ? 0U - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string format_duration_words(Millis duration) {
  if (duration.count() < 0) return "unknown";
  std::int64_t seconds = duration.count() / 1000;
  if (seconds == 0) return "less than a second";
  constexpr std::array<std::pair<std::int64_t, std::string_view>, 4> kUnits{
      {{86'400, "day"}, {3'600, "hour"}, {60, "minute"}, {1, "second"}}};
  std::string out;
  int parts = 0;
  for (const auto& [size, unit] : kUnits) {
    const std::int64_t n = seconds / size;
    if (n > 0) {
      out += (out.empty() ? "" : " ") + amount(n, unit);
      seconds -= n * size;
      ++parts;
    } else if (parts > 0) {
      ++parts;  // "1 day 3 minutes" reads as more precise than it is: stop
    }
    if (parts == 2) break;
  }
  return out;
}

}  // namespace autofixd
