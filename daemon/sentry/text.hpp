#pragma once
// UTF-8 helpers shared by the Sentry model, the report renderer and the CLI.
// Text from Sentry ends up in logs, errors, terminals and comments, so it is
// made valid and printable once, here, and cut only on code point boundaries.

#include <cstddef>
#include <string>
#include <string_view>

namespace autofixd::sentry::text {

// Length of the longest prefix of `s` that is at most `max_bytes` long and
// does not end inside a UTF-8 sequence. Assumes `s` is valid UTF-8.
std::size_t utf8_prefix_length(std::string_view s, std::size_t max_bytes);

// `s` cut to at most `max_bytes` without splitting a code point.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

// Number of code points in `s` (what people and Slack call characters),
// counting each byte that does not continue a sequence.
std::size_t code_points(std::string_view s);

// Byte length of the first `max_chars` code points of `s` (all of it when
// it has fewer).
std::size_t utf8_prefix_chars(std::string_view s, std::size_t max_chars);

// Valid, printable UTF-8 that reads as what it says:
//  - invalid sequences become U+FFFD;
//  - terminal escape sequences (ESC [ ... final byte; ESC ] / P / X / ^ / _
//    ... ending in BEL or ESC \; ESC with one final byte) are dropped whole;
//  - C0 and C1 controls and DEL are dropped, except '\n' and '\t' (kept when
//    `keep_newlines`, else turned into spaces); "\r\n" becomes "\n", and the
//    line and paragraph separators U+2028 / U+2029 count as '\n';
//  - bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)
//    and zero-width characters (U+200B-U+200D, U+2060, U+FEFF) are dropped:
//    they make text display differently from what it is.
std::string sanitize(std::string_view s, bool keep_newlines = true);

// sanitize(s, false), cut to at most `max_bytes` on a code point boundary
// with "…" (within the limit) ending what was cut. For log lines, terminal
// columns and other one-line fields.
std::string one_line(std::string_view s, std::size_t max_bytes);

}  // namespace autofixd::sentry::text
