#include "sentry/text.hpp"

namespace autofixd::sentry::text {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid
// (overlong forms, surrogates and values past U+10FFFF included).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
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
  const auto second = static_cast<unsigned char>(s[i + 1]);
  if (second < lo || second > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (!is_continuation(static_cast<unsigned char>(s[i + k]))) return 0;
  }
  return len;
}

}  // namespace

std::size_t utf8_prefix_length(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s.size();
  std::size_t end = max_bytes;
  // Step back over continuation bytes to the lead byte of the cut sequence,
  // then drop that sequence unless it fits completely.
  while (end > 0 && is_continuation(static_cast<unsigned char>(s[end]))) --end;
  return end;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  return s.substr(0, utf8_prefix_length(s, max_bytes));
}

std::string sanitize(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (c == '\n' || c == '\t' || c == '\r') {
      out += (keep_newlines && c != '\r') ? static_cast<char>(c) : ' ';
      ++i;
      continue;
    }
    if (c < 0x20U || c == 0x7FU) {
      ++i;
      continue;
    }
    const std::size_t len = sequence_length(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace autofixd::sentry::text
