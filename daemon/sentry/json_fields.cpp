#include "sentry/json_fields.hpp"

#include <charconv>

#include "sentry/text.hpp"

namespace autofixd::sentry::json_fields {
namespace {

constexpr std::size_t kMaxDescribedBytes = 60;

}  // namespace

std::string describe(const Json& value) {
  // dump() can throw on invalid UTF-8 only with the strict handler; replace.
  std::string dumped = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (dumped.size() <= kMaxDescribedBytes) return text::sanitize(dumped, false);
  return text::sanitize(text::utf8_prefix(dumped, kMaxDescribedBytes), false) + "...";
}

Error bad_field(std::string_view what, std::string_view field, std::string_view problem) {
  std::string message;
  message.append(what).append(": field \"").append(field).append("\": ").append(problem);
  return make_error("sentry.bad_response", std::move(message));
}

const Json* find(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

const Json* find_value(const Json& object, std::string_view key) {
  const Json* value = find(object, key);
  return (value == nullptr || value->is_null()) ? nullptr : value;
}

std::optional<std::int64_t> parse_digits(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<std::int64_t> as_integer(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (value.is_number_integer()) {
    const auto i = value.get<std::int64_t>();
    if (i < 0) return std::nullopt;
    return i;
  }
  if (value.is_string()) return parse_digits(value.get_ref<const std::string&>());
  return std::nullopt;
}

Result<std::optional<std::int64_t>> integer_field(const Json& object, std::string_view key,
                                                  std::string_view what) {
  const Json* value = find_value(object, key);
  if (value == nullptr) return std::optional<std::int64_t>{};
  if (auto parsed = as_integer(*value)) return std::optional<std::int64_t>{*parsed};
  return bad_field(what, key, "expected a non-negative integer (number or string of digits), got " +
                                  describe(*value));
}

Result<std::string> string_field(const Json& object, std::string_view key, std::string_view what) {
  const Json* value = find_value(object, key);
  if (value == nullptr) return std::string{};
  if (!value->is_string()) return bad_field(what, key, "expected a string, got " + describe(*value));
  return value->get<std::string>();
}

std::string text(const Json& object, std::string_view key) {
  const Json* value = find(object, key);
  if (value == nullptr || !value->is_string()) return {};
  return value->get<std::string>();
}

const Json& array(const Json& object, std::string_view key) {
  static const Json kEmpty = Json::array();
  const Json* value = find(object, key);
  return (value != nullptr && value->is_array()) ? *value : kEmpty;
}

Result<Json> parse(std::string_view body, std::string_view what) {
  // allow_exceptions=false yields a "discarded" value instead of throwing on
  // syntax errors; the catch is for the remaining internal throws (depth, UTF-8).
  try {
    Json parsed = Json::parse(body, nullptr, false);
    if (parsed.is_discarded()) {
      return make_error("sentry.bad_response", std::string(what) + ": body is not valid JSON");
    }
    return parsed;
  } catch (const std::exception& e) {
    return make_error("sentry.bad_response",
                      std::string(what) + ": body is not valid JSON (" + e.what() + ")");
  }
}

}  // namespace autofixd::sentry::json_fields
