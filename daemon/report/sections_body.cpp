// The parts of a comment that may be cut: root cause, solution and code
// changes, each split into a summary and a list of details.

#include <algorithm>

#include "report/markdown.hpp"
#include "report/sections.hpp"

namespace autofixd::report::sections {
namespace {

namespace md = markdown;

// A single detail line or summary is capped even when everything fits, so
// one runaway field cannot crowd out the rest.
constexpr std::size_t kMaxItemBytes = 2000;
constexpr std::size_t kMaxSummaryBytes = 8000;
constexpr std::size_t kMaxTitleBytes = 300;
// "Short diff excerpts": enough to see the change, not the whole patch.
constexpr std::size_t kMaxExcerptLines = 40;
constexpr std::size_t kMaxExcerptBytes = 4000;

// The summary paragraph for at most `max_raw_bytes` of `raw`, saying so
// when it is cut.
std::string summary_item(const std::string& raw, std::string_view label, std::size_t max_raw_bytes) {
  const std::string text = md::escape_block(md::truncate(raw, max_raw_bytes));
  return text.empty() ? "" : text + cut_note(label, raw, max_raw_bytes) + "\n\n";
}

Group summary_group(std::string label, int section, const std::string& raw) {
  Group g{std::move(label), section, {}, "", raw, 0, false};
  std::string item = summary_item(raw, g.label, kMaxSummaryBytes);
  if (!item.empty()) g.items.push_back(std::move(item));
  return g;
}

// `item_label` names one line in a note when that line is cut.
Group list_group(std::string label, std::string_view item_label, int section,
                 const std::vector<std::string>& lines, bool numbered) {
  Group g{std::move(label), section, {}, "\n", "", 0, false};
  for (const std::string& line : lines) {
    const std::string bullet = numbered ? std::to_string(g.items.size() + 1) + ". " : "- ";
    std::string text = md::escape_inline(md::truncate(line, kMaxItemBytes));
    if (!text.empty()) g.items.push_back(bullet + text + cut_note(item_label, line, kMaxItemBytes) + "\n");
  }
  return g;
}

std::string file_label(const sentry::CodeChange& change) {
  std::string label = change.repo.empty() ? "" : md::code_span(change.repo);
  if (!change.path.empty()) label += (label.empty() ? "" : ": ") + md::code_span(change.path);
  return label;
}

Group files_group(const std::vector<sentry::CodeChange>& changes) {
  Group g{"changed files", 2, {}, "\n", "", 0, false};
  const std::string* previous_title = nullptr;
  for (const sentry::CodeChange& change : changes) {
    std::string line = "- " + file_label(change);
    // Legacy changes repeat their title on every file; say it once.
    const bool new_title = previous_title == nullptr || *previous_title != change.title;
    if (!change.title.empty() && new_title) {
      line += (line.size() > 2 ? " \xE2\x80\x94 " : "") + md::escape_inline(md::truncate(change.title, kMaxTitleBytes)) +
              cut_note("change title", change.title, kMaxTitleBytes);
    }
    previous_title = &change.title;
    if (line.size() > 2) g.items.push_back(line + "\n");
  }
  return g;
}

// The first lines of a diff, and a note saying how much was left out.
std::string excerpt(const sentry::CodeChange& change) {
  std::size_t end = 0;
  std::size_t lines = 0;
  while (end < change.diff.size() && lines < kMaxExcerptLines && end < kMaxExcerptBytes) {
    const std::size_t nl = change.diff.find('\n', end);
    end = nl == std::string::npos ? change.diff.size() : nl + 1;
    ++lines;
  }
  const std::string shown = md::truncate(std::string_view(change.diff).substr(0, end), kMaxExcerptBytes);
  std::string out = file_label(change);
  out += out.empty() ? "" : "\n\n";
  out += md::fenced(shown, "diff");
  if (shown.size() < change.diff.size()) {
    const auto total = static_cast<std::size_t>(std::count(change.diff.begin(), change.diff.end(), '\n'));
    out += "_(excerpt: first " + std::to_string(lines) + " of about " + std::to_string(std::max(total, lines)) +
           " lines)_\n";
  }
  return out + "\n";
}

Group excerpts_group(const std::vector<sentry::CodeChange>& changes) {
  Group g{"code excerpts", 2, {}, "", "", 0, false};
  for (const sentry::CodeChange& change : changes) {
    if (!change.diff.empty()) g.items.push_back(excerpt(change));
  }
  return g;
}

}  // namespace

std::string cut_summary(const Group& group, std::size_t max_bytes) {
  // Escaping at most doubles the length; the loop shrinks further when the
  // paragraph breaks, escapes and the note still overflow.
  constexpr std::size_t kMinUseful = 80;
  std::size_t raw_budget = std::min(max_bytes / 2, kMaxSummaryBytes);
  while (raw_budget >= kMinUseful) {
    std::string item = summary_item(group.raw, group.label, raw_budget);
    if (item.size() <= max_bytes) return item;
    raw_budget /= 2;
  }
  return {};
}

Body body(const sentry::AutofixState* state) {
  Body b;
  b.headers = {"#### Root cause\n\n", "#### Proposed solution\n\n", "#### Code changes\n\n"};
  static const sentry::AutofixState kEmpty;
  const sentry::AutofixState& s = (state != nullptr) ? *state : kEmpty;
  b.groups[Body::rc_summary] = summary_group("root cause", 0, s.root_cause);
  b.groups[Body::rc_details] = list_group("root-cause details", "root-cause detail", 0, s.root_cause_details, false);
  b.groups[Body::solution_summary] = summary_group("solution summary", 1, s.solution);
  b.groups[Body::solution_steps] = list_group("solution steps", "solution step", 1, s.solution_steps, true);
  b.groups[Body::files] = files_group(s.changes);
  b.groups[Body::excerpts] = excerpts_group(s.changes);
  return b;
}

}  // namespace autofixd::report::sections
