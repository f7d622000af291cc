#pragma once
// Typed reads of webhook fields. Every error has code "intake.bad_shape" and
// a message that starts with the full JSON path, e.g.
//   "data.issue.id: expected a string of digits, got object".
// Optional fields treat a JSON null like an absent key. Nothing here throws.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/result.hpp"

namespace autofixd::intake {

using Json = nlohmann::json;

// "<path>: <problem>" as an intake.bad_shape Error.
Error bad_shape(std::string_view path, std::string_view problem);

// `parent` + "." + `key` (or just `key` at the top level).
std::string join_path(std::string_view parent, std::string_view key);

// The member `key` of `object`, or nullptr when absent or null.
const Json* member(const Json& object, std::string_view key);

// The object at `key`; missing, null or another type is an error.
Result<const Json*> require_object(const Json& object, std::string_view key,
                                   std::string_view path);

// The string at `key`; missing, null or another type is an error.
Result<std::string> require_string(const Json& object, std::string_view key,
                                   std::string_view path);

// The string at `key`, "" when absent or null; another type is an error.
Result<std::string> optional_string(const Json& object, std::string_view key,
                                    std::string_view path);

// A Sentry id: a positive integer sent as a JSON number or as a string of
// decimal digits. Floats, signs, letters and values beyond int64 are errors
// naming `path`.
Result<std::int64_t> read_id(const Json& value, std::string_view path);

// The id at `key`, nullopt when absent or null; a malformed one is an error.
Result<std::optional<std::int64_t>> optional_id(const Json& object, std::string_view key,
                                                std::string_view path);

// The last non-empty path segment of `url` when it is all digits (query and
// fragment ignored): ".../issues/1170820242/" → 1170820242.
std::optional<std::int64_t> id_from_url(std::string_view url);

}  // namespace autofixd::intake
