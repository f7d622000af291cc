#include "ops/log_fields.hpp"

#include <charconv>

namespace autofixd::ops {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The number after the first "<word> " that starts a word and is not
// preceded by `not_after` (e.g. "Seer "); nullopt when there is none.
std::optional<std::int64_t> number_after(std::string_view text, std::string_view word,
                                         std::string_view not_after = {}) {
  for (std::size_t at = text.find(word); at != std::string_view::npos;
       at = text.find(word, at + 1)) {
    const bool starts_word = at == 0 || !is_word_char(text[at - 1]);
    const bool excluded = !not_after.empty() && at >= not_after.size() &&
                          text.substr(at - not_after.size(), not_after.size()) == not_after;
    const std::size_t digits = at + word.size();
    if (!starts_word || excluded || digits >= text.size()) continue;
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data() + digits, end, value);
    const bool whole_word = stop == end || !is_word_char(*stop);
    if (ec == std::errc{} && whole_word && value >= 0) return value;
  }
  return std::nullopt;
}

}  // namespace

LogFields log_fields(std::string_view message) {
  LogFields fields;
  fields.issue = number_after(message, "issue ");
  fields.run = number_after(message, "run ", "Seer ");
  fields.delivery = number_after(message, "delivery ");
  // "webhook REQUEST-ID from 127.0.0.1:5000: ..." or "webhook REQUEST-ID: ..."
  // (intake's lines; a Request-ID is [A-Za-z0-9_-] once it is logged).
  constexpr std::string_view kWebhook = "webhook ";
  if (message.starts_with(kWebhook)) {
    const std::string_view rest = message.substr(kWebhook.size());
    std::size_t end = 0;
    while (end < rest.size() && (is_word_char(rest[end]) || rest[end] == '-')) ++end;
    const std::string_view after = rest.substr(end);
    // A UUID has a dash or a digit; a word such as "endpoint" has neither.
    const std::string_view id = rest.substr(0, end);
    const bool id_like = id.find_first_of("-0123456789") != std::string_view::npos;
    if (id_like && (after.starts_with(" from ") || after.starts_with(":"))) {
      fields.request_id = std::string(rest.substr(0, end));
    }
  }
  return fields;
}

}  // namespace autofixd::ops
