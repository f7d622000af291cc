#include "util/time_format.hpp"

#include <ctime>

namespace autofixd {
namespace {

// Reads exactly `width` digits at `at`, advancing it.
std::optional<int> digits(std::string_view text, std::size_t& at, std::size_t width) {
  if (at + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  at += width;
  return value;
}

bool expect(std::string_view text, std::size_t& at, char c) {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

// The zone suffix as an offset east of UTC; nullopt when malformed.
std::optional<std::chrono::minutes> zone_offset(std::string_view text, std::size_t& at) {
  if (at == text.size()) return std::chrono::minutes{0};
  if (text[at] == 'Z' || text[at] == 'z') {
    ++at;
    return std::chrono::minutes{0};
  }
  if (text[at] != '+' && text[at] != '-') return std::nullopt;
  const int sign = text[at] == '-' ? -1 : 1;
  ++at;
  const auto hours = digits(text, at, 2);
  if (!hours || !expect(text, at, ':')) return std::nullopt;
  const auto minutes = digits(text, at, 2);
  if (!minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  return std::chrono::minutes{sign * (*hours * 60 + *minutes)};
}

}  // namespace

std::string format_utc(SysTime t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buf;
}

std::optional<SysTime> parse_utc(std::string_view text) {
  using namespace std::chrono;
  std::size_t at = 0;
  const auto y = digits(text, at, 4);
  if (!y || !expect(text, at, '-')) return std::nullopt;
  const auto mo = digits(text, at, 2);
  if (!mo || !expect(text, at, '-')) return std::nullopt;
  const auto d = digits(text, at, 2);
  if (!d || !(expect(text, at, 'T') || expect(text, at, ' '))) return std::nullopt;
  const auto h = digits(text, at, 2);
  if (!h || !expect(text, at, ':')) return std::nullopt;
  const auto mi = digits(text, at, 2);
  if (!mi || !expect(text, at, ':')) return std::nullopt;
  const auto s = digits(text, at, 2);
  if (!s) return std::nullopt;
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)},
                            day{static_cast<unsigned>(*d)}};
  // SysTime counts nanoseconds: years far from now do not fit (and Sentry
  // never sends them), so they are refused rather than overflowed.
  if (*y < 1900 || *y > 2200) return std::nullopt;
  if (!date.ok() || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;

  microseconds fraction{0};
  if (expect(text, at, '.')) {
    std::int64_t scale = 100'000;
    const std::size_t first = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      fraction += microseconds{(text[at] - '0') * scale};
      scale /= 10;
      ++at;
    }
    if (at == first) return std::nullopt;
  }
  const auto offset = zone_offset(text, at);
  if (!offset || at != text.size()) return std::nullopt;
  const auto local = sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s} + fraction;
  return time_point_cast<SysTime::duration>(local - *offset);
}

}  // namespace autofixd
