#include "intake/fields.hpp"

#include <charconv>
#include <limits>

#include "intake/strict_json.hpp"

namespace autofixd::intake {
namespace {

// Sentry ids are at most 19 digits (int64); 20 would already overflow.
constexpr std::size_t kMaxIdDigits = 19;

std::optional<std::int64_t> parse_digits(std::string_view text) {
  if (text.empty() || text.size() > kMaxIdDigits) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

Result<std::int64_t> positive(std::int64_t value, std::string_view path) {
  if (value <= 0) return bad_shape(path, "expected a positive id, got " + std::to_string(value));
  return value;
}

Result<std::int64_t> read_id_string(const std::string& text, std::string_view path) {
  bool digits = !text.empty();
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) {
    return bad_shape(path, "expected a string of digits, got \"" + printable(text, 32) + "\"");
  }
  const auto value = parse_digits(text);
  if (!value) return bad_shape(path, "id \"" + printable(text, 32) + "\" is out of range");
  return positive(*value, path);
}

}  // namespace

Error bad_shape(std::string_view path, std::string_view problem) {
  std::string message(path);
  message += ": ";
  message += problem;
  return make_error("intake.bad_shape", std::move(message));
}

std::string join_path(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (!path.empty()) path += ".";
  path += key;
  return path;
}

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

Result<const Json*> require_object(const Json& object, std::string_view key,
                                   std::string_view path) {
  const Json* value = member(object, key);
  const std::string full = join_path(path, key);
  if (value == nullptr) return bad_shape(full, "missing");
  if (!value->is_object()) {
    return bad_shape(full, std::string("expected an object, got ") + value->type_name());
  }
  return value;
}

Result<std::string> require_string(const Json& object, std::string_view key,
                                   std::string_view path) {
  if (member(object, key) == nullptr) return bad_shape(join_path(path, key), "missing");
  return optional_string(object, key, path);
}

Result<std::string> optional_string(const Json& object, std::string_view key,
                                    std::string_view path) {
  const Json* value = member(object, key);
  if (value == nullptr) return std::string{};
  if (!value->is_string()) {
    return bad_shape(join_path(path, key),
                     std::string("expected a string, got ") + value->type_name());
  }
  return value->get<std::string>();
}

Result<std::int64_t> read_id(const Json& value, std::string_view path) {
  if (value.is_string()) return read_id_string(value.get_ref<const std::string&>(), path);
  if (value.is_number_unsigned()) {
    const auto n = value.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return bad_shape(path, "id " + std::to_string(n) + " is out of range");
    }
    return positive(static_cast<std::int64_t>(n), path);
  }
  if (value.is_number_integer()) return positive(value.get<std::int64_t>(), path);
  if (value.is_number_float()) {
    // nlohmann turns integers too large for 64 bits into floats, so this is
    // also where "huge number" ends up.
    return bad_shape(path, "expected a string of digits, got a non-integer or out-of-range number " +
                               value.dump());
  }
  return bad_shape(path, std::string("expected a string of digits, got ") + value.type_name());
}

Result<std::optional<std::int64_t>> optional_id(const Json& object, std::string_view key,
                                                std::string_view path) {
  const Json* value = member(object, key);
  if (value == nullptr) return std::optional<std::int64_t>{};
  auto id = read_id(*value, join_path(path, key));
  if (!id) return id.error();
  return std::optional<std::int64_t>{*id};
}

std::optional<std::int64_t> id_from_url(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  const auto slash = url.rfind('/');
  const std::string_view segment = slash == std::string_view::npos ? url : url.substr(slash + 1);
  const auto value = parse_digits(segment);
  if (!value || *value <= 0) return std::nullopt;
  return value;
}

}  // namespace autofixd::intake
