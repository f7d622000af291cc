// Saying in words what was cut: a field longer than its own cap is never
// shortened with only an ellipsis to show for it.

#include <cctype>

#include "report/sections.hpp"
#include "sentry/text.hpp"
#include "util/human_format.hpp"

namespace autofixd::report::sections {
namespace {

// markdown::truncate keeps this much less than its limit, for the "…".
constexpr std::size_t kEllipsisBytes = 3;

std::string characters(std::size_t n) {
  return format_count(static_cast<std::int64_t>(n)) + (n == 1 ? " character" : " characters");
}

}  // namespace

std::string cut_note(std::string_view what, std::string_view raw, std::size_t max_bytes) {
  if (raw.size() <= max_bytes) return {};
  const std::string_view kept =
      sentry::text::utf8_prefix(raw, max_bytes > kEllipsisBytes ? max_bytes - kEllipsisBytes : 0);
  std::string name(what);
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return " _(" + name + " shortened from " +
         format_count(static_cast<std::int64_t>(sentry::text::code_points(raw))) + " to " +
         characters(sentry::text::code_points(kept)) + "; the full text is in Sentry.)_";
}

}  // namespace autofixd::report::sections
