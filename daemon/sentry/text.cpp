#include "sentry/text.hpp"

namespace autofixd::sentry::text {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026
constexpr unsigned char kEsc = 0x1BU;
constexpr unsigned char kBel = 0x07U;

bool is_continuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

unsigned char byte_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]);
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid
// (overlong forms, surrogates and values past U+10FFFF included).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto c = byte_at(s, i);
  if (c < 0x80U) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80U;
  unsigned char hi = 0xBFU;
  if (c >= 0xC2U && c <= 0xDFU) {
    len = 2;
  } else if (c >= 0xE0U && c <= 0xEFU) {
    len = 3;
    if (c == 0xE0U) lo = 0xA0U;
    if (c == 0xEDU) hi = 0x9FU;
  } else if (c >= 0xF0U && c <= 0xF4U) {
    len = 4;
    if (c == 0xF0U) lo = 0x90U;
    if (c == 0xF4U) hi = 0x8FU;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  const auto second = byte_at(s, i + 1);
  if (second < lo || second > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (!is_continuation(byte_at(s, i + k))) return 0;
  }
  return len;
}

// The code point of the valid `len`-byte sequence at s[i].
char32_t decode(std::string_view s, std::size_t i, std::size_t len) {
  static constexpr unsigned char kLeadMask[] = {0, 0x7FU, 0x1FU, 0x0FU, 0x07U};
  char32_t cp = byte_at(s, i) & kLeadMask[len];
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6U) | (byte_at(s, i + k) & 0x3FU);
  return cp;
}

bool is_c1_control(char32_t cp) { return cp >= 0x80 && cp <= 0x9F; }

// Invisible characters that change how text displays, not what it says.
bool is_bidi_or_zero_width(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 ||
         cp == 0xFEFF;
}

bool is_line_separator(char32_t cp) { return cp == 0x2028 || cp == 0x2029; }

// A control string (OSC, DCS, SOS, PM, APC) after ESC at s[i]: its length up
// to and including BEL or ESC \, or 2 (ESC and the introducer alone) when it
// does not end before the line does, so stray text after it stays visible.
std::size_t control_string_length(std::string_view s, std::size_t i) {
  for (std::size_t j = i + 2; j < s.size() && s[j] != '\n'; ++j) {
    if (byte_at(s, j) == kBel) return j + 1 - i;
    if (byte_at(s, j) == kEsc && j + 1 < s.size() && s[j + 1] == '\\') return j + 2 - i;
  }
  return 2;
}

// Length of the terminal escape sequence that starts with ESC at s[i]; at
// least 1 (the ESC alone).
std::size_t escape_length(std::string_view s, std::size_t i) {
  if (i + 1 >= s.size()) return 1;
  const auto next = byte_at(s, i + 1);
  if (next == '[') {  // CSI: parameters, intermediates, one final byte
    std::size_t j = i + 2;
    while (j < s.size() && byte_at(s, j) >= 0x30U && byte_at(s, j) <= 0x3FU) ++j;
    while (j < s.size() && byte_at(s, j) >= 0x20U && byte_at(s, j) <= 0x2FU) ++j;
    if (j < s.size() && byte_at(s, j) >= 0x40U && byte_at(s, j) <= 0x7EU) ++j;
    return j - i;
  }
  if (std::string_view("]PX^_").find(static_cast<char>(next)) != std::string_view::npos) {
    return control_string_length(s, i);
  }
  std::size_t j = i + 1;  // ESC, intermediates, one final byte (ESC c, ESC ( B)
  while (j < s.size() && byte_at(s, j) >= 0x20U && byte_at(s, j) <= 0x2FU) ++j;
  if (j < s.size() && byte_at(s, j) >= 0x30U && byte_at(s, j) <= 0x7EU) ++j;
  return j - i;
}

}  // namespace

std::size_t utf8_prefix_length(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s.size();
  std::size_t end = max_bytes;
  // Step back over continuation bytes to the lead byte of the cut sequence,
  // then drop that sequence unless it fits completely.
  while (end > 0 && is_continuation(byte_at(s, end))) --end;
  return end;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  return s.substr(0, utf8_prefix_length(s, max_bytes));
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) n += is_continuation(byte_at(s, i)) ? 0 : 1;
  return n;
}

std::size_t utf8_prefix_chars(std::string_view s, std::size_t max_chars) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_continuation(byte_at(s, i))) continue;
    if (seen == max_chars) return i;
    ++seen;
  }
  return s.size();
}

std::string sanitize(std::string_view s, bool keep_newlines) {
  const char line_break = keep_newlines ? '\n' : ' ';
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = byte_at(s, i);
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (c == '\n' || c == '\t' || c == '\r') {
      out += (keep_newlines && c != '\r') ? static_cast<char>(c) : ' ';
      ++i;
      continue;
    }
    if (c == kEsc) {
      i += escape_length(s, i);
      continue;
    }
    if (c < 0x20U || c == 0x7FU) {
      ++i;
      continue;
    }
    const std::size_t len = sequence_length(s, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    const char32_t cp = decode(s, i, len);
    if (is_line_separator(cp)) {
      out += line_break;
    } else if (!is_c1_control(cp) && !is_bidi_or_zero_width(cp)) {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string one_line(std::string_view s, std::size_t max_bytes) {
  std::string clean = sanitize(s, false);
  if (clean.size() <= max_bytes) return clean;
  if (max_bytes < kEllipsis.size()) return std::string(utf8_prefix(clean, max_bytes));
  std::string out(utf8_prefix(clean, max_bytes - kEllipsis.size()));
  out += kEllipsis;
  return out;
}

}  // namespace autofixd::sentry::text
