#include "intake/json_string.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace autofixd::intake {
namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// Nonzero iff one of the eight bytes is zero (exact as to whether, not which).
constexpr std::uint64_t has_zero_byte(std::uint64_t x) { return (x - kOnes) & ~x & kHighBits; }

// True when one of the eight bytes ends the plain run: a quote, a backslash,
// a control character or the first byte of a multi-byte UTF-8 sequence.
constexpr bool needs_a_look(std::uint64_t w) {
  const std::uint64_t non_ascii = w & kHighBits;
  const std::uint64_t control = (w - kOnes * 0x20) & ~w & kHighBits;
  return (non_ascii | control | has_zero_byte(w ^ (kOnes * '"')) |
          has_zero_byte(w ^ (kOnes * '\\'))) != 0;
}

JsonStringEnd fail(std::size_t offset, std::string reason) {
  return JsonStringEnd{0, JsonSyntaxError{offset, std::move(reason)}};
}

JsonStringEnd unexpected_end(std::string_view text) {
  return fail(text.size(), "unexpected end of body in a string (missing closing quote)");
}

struct Utf8Check {
  std::size_t length;  // of the well-formed sequence, or 0
  std::size_t bad;     // offset of the byte that makes it ill-formed, when length is 0
};

// The well-formed UTF-8 sequence (RFC 3629, table 3-7 of Unicode) starting
// with the non-ASCII byte text[i].
Utf8Check utf8_sequence(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlongs
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlongs
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return {0, i};
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (i + k >= text.size()) return {0, i + k};
    const auto c = static_cast<unsigned char>(text[i + k]);
    if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) return {0, i + k};
  }
  return {length, 0};
}

// The error for the UTF-8 sequence from `lead` that `bad` makes ill-formed.
JsonStringEnd ill_formed_utf8(std::string_view text, std::size_t lead, std::size_t bad) {
  if (bad >= text.size()) return unexpected_end(text);
  char hex[8];
  if (bad == lead) {
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
    return fail(bad, std::string("invalid UTF-8 byte ") + hex + " in string");
  }
  std::string reason = "ill-formed UTF-8 sequence";
  for (std::size_t k = lead; k <= bad; ++k) {
    std::snprintf(hex, sizeof hex, " 0x%02X", static_cast<unsigned char>(text[k]));
    reason += hex;
  }
  return fail(bad, reason + " in string");
}

// The end of the run of plain bytes from `i`: the offset of the next quote
// or backslash, or an error for a control character or ill-formed UTF-8.
JsonStringEnd plain_run(std::string_view text, std::size_t i) {
  const char* data = text.data();
  const std::size_t size = text.size();
  while (true) {
    while (size - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, data + i, sizeof word);
      if (needs_a_look(word)) break;
      i += 8;
    }
    if (i >= size) return unexpected_end(text);
    const auto c = static_cast<unsigned char>(data[i]);
    if (c == '"' || c == '\\') return JsonStringEnd{i, std::nullopt};
    if (c < 0x20) {
      char reason[64];
      std::snprintf(reason, sizeof reason, "control character U+%04X in string must be escaped", c);
      return fail(i, reason);
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    const Utf8Check check = utf8_sequence(text, i);
    if (check.length == 0) return ill_formed_utf8(text, i, check.bad);
    i += check.length;
  }
}

// The four hex digits at text[i..i+4), or -1 with `bad` at the first non-digit.
long hex4(std::string_view text, std::size_t i, std::size_t& bad) {
  long value = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    if (k >= text.size()) {
      bad = k;
      return -1;
    }
    const char c = text[k];
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      bad = k;
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    const char bytes[] = {static_cast<char>(0xC0 | (cp >> 6)),
                          static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(bytes, 2);
  } else if (cp < 0x10000) {
    const char bytes[] = {static_cast<char>(0xE0 | (cp >> 12)),
                          static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                          static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(bytes, 3);
  } else {
    const char bytes[] = {
        static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
        static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(bytes, 4);
  }
}

// `unit` is one \uXXXX escape's value, 0..0xFFFF.
std::string hex_escape(long unit) {
  char text[8];
  std::snprintf(text, sizeof text, "\\u%04X", static_cast<unsigned>(unit) & 0xFFFFu);
  return text;
}

// Decodes the \uXXXX escape (a surrogate pair counts as one) at text[i];
// returns the offset after it.
JsonStringEnd unicode_escape(std::string_view text, std::size_t i, std::string& value) {
  std::size_t bad = 0;
  const long first = hex4(text, i + 2, bad);
  if (first < 0) {
    if (bad >= text.size()) return unexpected_end(text);
    return fail(bad, "\\u must be followed by 4 hex digits, not " +
                         describe_byte(static_cast<unsigned char>(text[bad])));
  }
  if (first >= 0xDC00 && first <= 0xDFFF) {
    return fail(i, "lone surrogate " + hex_escape(first) +
                       " (a low surrogate must follow a "
                       "high one, \\uD800..\\uDBFF)");
  }
  if (first < 0xD800 || first > 0xDBFF) {
    append_utf8(value, static_cast<unsigned long>(first));
    return JsonStringEnd{i + 6, std::nullopt};
  }
  const std::size_t second_at = i + 6;
  const std::string lone = "lone surrogate " + hex_escape(first) +
                           " (a high surrogate must be followed by a low one, \\uDC00..\\uDFFF)";
  for (std::size_t k = second_at; k < second_at + 2; ++k) {
    if (k >= text.size()) return unexpected_end(text);
    if (text[k] != (k == second_at ? '\\' : 'u')) return fail(second_at, lone);
  }
  const long second = hex4(text, second_at + 2, bad);
  if (second < 0) {
    if (bad >= text.size()) return unexpected_end(text);
    return fail(bad, "\\u must be followed by 4 hex digits, not " +
                         describe_byte(static_cast<unsigned char>(text[bad])));
  }
  if (second < 0xDC00 || second > 0xDFFF) return fail(second_at, lone);
  append_utf8(value, 0x10000 + ((static_cast<unsigned long>(first) - 0xD800) << 10) +
                         (static_cast<unsigned long>(second) - 0xDC00));
  return JsonStringEnd{second_at + 6, std::nullopt};
}

// Decodes the escape at text[i] (a backslash); returns the offset after it.
JsonStringEnd escape(std::string_view text, std::size_t i, std::string& value) {
  if (i + 1 >= text.size()) return unexpected_end(text);
  char decoded;
  switch (text[i + 1]) {
    case '"':
      decoded = '"';
      break;
    case '\\':
      decoded = '\\';
      break;
    case '/':
      decoded = '/';
      break;
    case 'b':
      decoded = '\b';
      break;
    case 'f':
      decoded = '\f';
      break;
    case 'n':
      decoded = '\n';
      break;
    case 'r':
      decoded = '\r';
      break;
    case 't':
      decoded = '\t';
      break;
    case 'u':
      return unicode_escape(text, i, value);
    default:
      return fail(i + 1,
                  "invalid escape: " + describe_byte(static_cast<unsigned char>(text[i + 1])) +
                      " after a backslash");
  }
  value.push_back(decoded);
  return JsonStringEnd{i + 2, std::nullopt};
}

}  // namespace

std::string describe_byte(unsigned char c) {
  char text[16];
  if (c > 0x20 && c < 0x7F) {
    std::snprintf(text, sizeof text, "'%c'", c);
  } else {
    std::snprintf(text, sizeof text, "byte 0x%02X", c);
  }
  return text;
}

JsonStringEnd read_json_string(std::string_view text, std::size_t open_quote, std::string& value) {
  std::size_t i = open_quote + 1;
  while (true) {
    const JsonStringEnd run = plain_run(text, i);
    if (run.error) return run;
    value.append(text.data() + i, run.next - i);
    if (text[run.next] == '"') return JsonStringEnd{run.next + 1, std::nullopt};
    const JsonStringEnd escaped = escape(text, run.next, value);
    if (escaped.error) return escaped;
    i = escaped.next;
  }
}

}  // namespace autofixd::intake
