#pragma once
// UTF-8 helpers shared by the Sentry model and the report renderer. Text from
// Sentry ends up in logs, errors and comments, so it is made valid and
// printable once, here, and cut only on code point boundaries.

#include <cstddef>
#include <string>
#include <string_view>

namespace autofixd::sentry::text {

// Length of the longest prefix of `s` that is at most `max_bytes` long and
// does not end inside a UTF-8 sequence. Assumes `s` is valid UTF-8.
std::size_t utf8_prefix_length(std::string_view s, std::size_t max_bytes);

// `s` cut to at most `max_bytes` without splitting a code point.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

// Valid, printable UTF-8: invalid sequences become U+FFFD, C0 controls and
// DEL are dropped except '\n' and '\t' (kept when `keep_newlines`, else
// turned into spaces), and "\r\n" becomes "\n".
std::string sanitize(std::string_view s, bool keep_newlines = true);

}  // namespace autofixd::sentry::text
