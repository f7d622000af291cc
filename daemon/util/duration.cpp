#include "util/duration.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>

namespace autofixd {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t millis;
};

// Longest suffix first where one is a prefix of another ("ms" before "m").
constexpr std::array<Unit, 5> kUnits{{
    {"d", 24LL * 3600 * 1000},
    {"h", 3600LL * 1000},
    {"ms", 1},
    {"m", 60LL * 1000},
    {"s", 1000},
}};

constexpr std::string_view kExpected =
    "expected an integer followed by one of the units ms, s, m, h, d, e.g. \"10s\" or \"1h30m\"";

Error duration_error(std::string_view text, std::string_view what) {
  std::string message =
      "\"" + std::string(text) + "\" " + std::string(what) + " (" + std::string(kExpected) + ")";
  return make_error("duration.invalid", std::move(message));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<Unit> match_unit(std::string_view rest) {
  for (const Unit& unit : kUnits) {
    if (rest.substr(0, unit.suffix.size()) == unit.suffix &&
        (rest.size() == unit.suffix.size() || is_digit(rest[unit.suffix.size()]))) {
      return unit;
    }
  }
  return std::nullopt;
}

// Adds a * b to total; false when the result does not fit.
bool add_product(std::int64_t& total, std::int64_t a, std::int64_t b) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  if (a != 0 && b > kMax / a) return false;
  if (total > kMax - a * b) return false;
  total += a * b;
  return true;
}

}  // namespace

Result<Millis> parse_duration(std::string_view text) {
  if (text.empty()) return duration_error(text, "is empty");
  if (text.front() == '-') return duration_error(text, "is negative");
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) return duration_error(text, "does not start with a number");
    std::int64_t number = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      const int digit = text[i] - '0';
      if (number > (kMax - digit) / 10) return duration_error(text, "is too large");
      number = number * 10 + digit;
    }
    if (i == text.size()) return duration_error(text, "has no unit");
    if (text[i] == '.') return duration_error(text, "is not a whole number");
    std::size_t unit_end = i;
    while (unit_end < text.size() && !is_digit(text[unit_end])) ++unit_end;
    const std::optional<Unit> unit = match_unit(text.substr(i));
    if (!unit) {
      const std::string unit_text(text.substr(i, unit_end - i));
      return duration_error(text, "has an unknown unit \"" + unit_text + "\"");
    }
    if (!add_product(total, number, unit->millis)) return duration_error(text, "is too large");
    i += unit->suffix.size();
  }
  return Millis{total};
}

std::string format_duration(Millis duration) {
  std::int64_t ms = duration.count();
  if (ms == 0) return "0s";
  if (ms < 0) {
    // The most negative value has no positive counterpart.
    if (ms == std::numeric_limits<std::int64_t>::min()) return std::to_string(ms) + "ms";
    return "-" + format_duration(Millis{-ms});
  }
  // Largest unit first; "ms" sorts after "s" here, unlike the parse table.
  constexpr std::array<Unit, 5> kDescending{{{"d", 24LL * 3600 * 1000},
                                             {"h", 3600LL * 1000},
                                             {"m", 60LL * 1000},
                                             {"s", 1000},
                                             {"ms", 1}}};
  constexpr std::int64_t kDay = 24LL * 3600 * 1000;
  const bool use_days = ms % kDay == 0 && ms > kDay;
  std::string out;
  for (const Unit& unit : kDescending) {
    if (unit.suffix == "d" && !use_days) continue;
    if (ms >= unit.millis) {
      out += std::to_string(ms / unit.millis);
      out += unit.suffix;
      ms %= unit.millis;
    }
  }
  return out;
}

}  // namespace autofixd
