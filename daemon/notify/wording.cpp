#include "notify/wording.hpp"

#include <string_view>

#include "sentry/text.hpp"
#include "util/human_format.hpp"

namespace autofixd::notify::wording {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

bool superseded(const Outcome& o) { return o.detail.rfind("superseded", 0) == 0; }

std::string sentence(std::string text) {
  if (!text.empty() && std::string_view(".!?").find(text.back()) == std::string_view::npos)
    text += '.';
  return text;
}

}  // namespace

std::string headline(const Outcome& o) {
  switch (o.kind) {
    case OutcomeKind::started:
      return "Seer Autofix started";
    case OutcomeKind::completed:
      return "Seer Autofix completed";
    case OutcomeKind::failed:
      return "Seer Autofix failed";
    case OutcomeKind::needs_input:
      return "Seer Autofix needs input";
    case OutcomeKind::timed_out:
      return "Seer Autofix timed out";
    case OutcomeKind::cancelled:
      return superseded(o) ? "Seer Autofix replaced by another run" : "Seer Autofix cancelled";
    case OutcomeKind::refused:
      return "Sentry refused to start Seer Autofix";
    case OutcomeKind::skipped_already_triggered:
      return "Seer Autofix not started: the issue already has a run";
  }
  return "Seer Autofix: " + std::string(to_string(o.kind));
}

std::string issue_label(const Outcome& o) {
  std::string label = o.issue_short_id.empty() ? "issue " + o.issue.str()
                                               : sentry::text::one_line(o.issue_short_id, 100);
  std::string title = sentry::text::sanitize(o.issue_title, false);
  if (sentry::text::code_points(title) > kMaxTitleChars) {
    title.resize(sentry::text::utf8_prefix_chars(title, kMaxTitleChars - 1));
    title += kEllipsis;
  }
  if (!title.empty()) label += ": " + title;
  return label;
}

std::string what_happened(const Outcome& o) {
  const std::string detail = sentry::text::sanitize(o.detail, false);
  switch (o.kind) {
    case OutcomeKind::refused:
      return sentence("Nothing was started" + (detail.empty() ? std::string() : ": " + detail));
    case OutcomeKind::skipped_already_triggered:
      return sentence(
          "Someone already ran Seer Autofix on this issue, or it is still running, so "
          "autofixd started nothing" +
          (detail.empty() ? std::string() : " (" + detail + ")"));
    default:
      return sentence(detail);
  }
}

std::string took(const Outcome& o) {
  if (o.duration_seconds < 0) return {};
  return format_duration_words(Millis{o.duration_seconds * 1000});
}

}  // namespace autofixd::notify::wording
