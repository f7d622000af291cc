#pragma once
// The string part of the hand JSON reader (json_reader.hpp): validates and
// decodes one string literal, scanning runs of plain bytes eight at a time.
// Pure; never throws (except std::bad_alloc).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace autofixd::intake {

// Where a JSON text stops being JSON, and why ("unexpected '}'").
struct JsonSyntaxError {
  std::size_t offset;  // 0-based offset of the offending byte; the text's size at its end
  std::string reason;
};

// "'x'" for a printable ASCII byte, "byte 0xNN" for any other.
std::string describe_byte(unsigned char c);

struct JsonStringEnd {
  std::size_t next = 0;  // offset just past the closing quote
  std::optional<JsonSyntaxError> error;
};

// Reads the string literal whose opening quote is at text[open_quote] and
// appends its decoded bytes to `value` (which the caller may reuse).
JsonStringEnd read_json_string(std::string_view text, std::size_t open_quote, std::string& value);

}  // namespace autofixd::intake
