#include "app/terminal_text.hpp"

#include "sentry/text.hpp"

namespace autofixd::app {

std::string cell(std::string_view text, std::size_t max_bytes) {
  return sentry::text::one_line(text, max_bytes);
}

std::string json_text(std::string_view text) { return sentry::text::sanitize(text, true); }

}  // namespace autofixd::app
