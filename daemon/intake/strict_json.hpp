#pragma once
// A stricter JSON reader for webhook bodies. nlohmann accepts duplicate keys
// (last one wins) and any nesting depth; a body that relies on either is not
// something Sentry sends, and a duplicate "id" could make the HMAC-checked
// bytes mean something other than what a log reader sees. Pure: no I/O,
// never throws (except std::bad_alloc).

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "intake/json_keep.hpp"
#include "util/result.hpp"

namespace autofixd::intake {

// Containers may nest this deep (the top-level object counts as 1).
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses `text` as exactly one JSON document (no trailing bytes, no comments,
// UTF-8 only) with the hand reader (json_reader.hpp). Errors, all with code
// "intake.bad_json":
//   "body is empty"
//   "body is not valid JSON at byte offset 17: unexpected '}'; expected a value"
//   "duplicate key \"id\" in data.issue"
//   "nesting deeper than 64 levels at data.a.b..."
//
// With `keep`, only the root object's members it names are stored (see
// json_keep.hpp); every check and error is the same as without.
Result<nlohmann::json> parse_strict_json(std::string_view text, const JsonKeep* keep = nullptr);

// The same with nlohmann's own parser driving the same builder: the
// reference the hand reader must agree with (tests/fuzz/fuzz_strict_json.cpp,
// bench/json_parse.cpp). Syntax errors carry nlohmann's wording.
Result<nlohmann::json> parse_strict_json_with_nlohmann(std::string_view text);

// `text` made safe to embed in a message: bytes outside printable ASCII
// become \xNN, and at most `max_bytes` input bytes are kept (then "...").
std::string printable(std::string_view text, std::size_t max_bytes = 64);

}  // namespace autofixd::intake
