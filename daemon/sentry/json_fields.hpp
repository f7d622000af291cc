#pragma once
// Field access over nlohmann::json for the Sentry model parsers. Internal to
// autofixd_sentry_model. Two flavours:
//  - strict readers return Result and name the field on a wrong type; used
//    where a wrong value would mislead a decision (issue ids, counts);
//  - lenient readers return an empty value on a wrong type; used for the
//    large, evolving autofix state, where one odd field must not hide the rest.
// Nothing here throws.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/result.hpp"

namespace autofixd::sentry::json_fields {

using Json = nlohmann::json;

// Short, printable rendering of a JSON value for error messages.
std::string describe(const Json& value);

// "<what>: field \"<field>\": <problem>", as a sentry.bad_response Error.
Error bad_field(std::string_view what, std::string_view field, std::string_view problem);

// The member `key` of `object`, or nullptr when `object` is not an object or
// lacks the key. A JSON null counts as present (callers decide).
const Json* find(const Json& object, std::string_view key);

// Same, treating null as absent.
const Json* find_value(const Json& object, std::string_view key);

// Non-negative decimal digits only, no sign, fits in int64.
std::optional<std::int64_t> parse_digits(std::string_view text);

// An integer sent as a number or as a string of digits (Sentry does both).
// nullopt for anything else, including floats, negatives and overflow.
std::optional<std::int64_t> as_integer(const Json& value);

// Strict: absent or null → nullopt; integer or digit string → value;
// anything else → error naming `field`.
Result<std::optional<std::int64_t>> integer_field(const Json& object, std::string_view key,
                                                  std::string_view what);

// Strict: absent or null → ""; string → value; anything else → error.
Result<std::string> string_field(const Json& object, std::string_view key, std::string_view what);

// Lenient: the string at `key`, or "" when absent or not a string.
std::string text(const Json& object, std::string_view key);

// Lenient: the array at `key`, or an empty array when absent or not an array.
const Json& array(const Json& object, std::string_view key);

// Parses JSON text without throwing; the error names `what`.
Result<Json> parse(std::string_view body, std::string_view what);

}  // namespace autofixd::sentry::json_fields
