#pragma once
// A hand-written JSON reader for webhook bodies: it tokenizes `text` and
// drives a StrictBuilder, accepting exactly the documents nlohmann 3.11's
// sax_parse accepts (strict, no comments) with the same values, but scanning
// runs of plain string bytes in bulk instead of one byte at a time. Pure: no
// I/O, never throws (except std::bad_alloc).
//
// What nlohmann accepts, and so does this reader:
//   - one UTF-8 byte order mark at offset 0 is skipped;
//   - whitespace is space, tab, LF and CR;
//   - a NUL byte outside a string ends the input, like the end of the text
//     ("1\0junk" is the document 1);
//   - strings are well-formed UTF-8 (no overlongs, no encoded surrogates,
//     nothing above U+10FFFF) without raw control characters; \uXXXX escapes
//     pair surrogates and refuse lone ones;
//   - an integer without fraction or exponent is signed when negative,
//     unsigned otherwise, and a double when it does not fit 64 bits; a
//     number whose double is not finite (1e400) is an error.
// tests/fuzz/fuzz_strict_json.cpp checks the equivalence against nlohmann.

#include <string_view>

#include "intake/strict_builder.hpp"

namespace autofixd::intake {

// Reads `text` into `builder`. Returns false when the text is not one JSON
// document or the builder refused a value; the error is then recorded in the
// builder (syntax errors as "body is not valid JSON at byte offset N: ...",
// N being the 0-based offset of the offending byte).
bool read_json(std::string_view text, StrictBuilder& builder);

}  // namespace autofixd::intake
