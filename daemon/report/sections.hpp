#pragma once
// Internal to autofixd_report: the pieces of a comment, rendered and
// escaped, before render.cpp decides how many of them fit.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "report/render.hpp"
#include "sentry/types.hpp"

namespace autofixd::report::sections {

// Items of one kind (e.g. solution steps), each already Markdown and ending
// in a newline; a prefix of them is shown.
struct Group {
  std::string label;               // plural noun for the "shortened" note
  int section = 0;                 // index into Body::headers
  std::vector<std::string> items;
  std::string after;               // appended after the last shown item
  std::string raw;                 // summaries only: source text, to re-cut
  std::size_t shown = 0;
  bool cut = false;                // summary shown truncated
};

// Optional content, in display order.
struct Body {
  static constexpr std::size_t kGroups = 6;
  std::array<std::string, 3> headers;  // root cause, solution, code changes
  std::array<Group, kGroups> groups;   // see Slot
  enum Slot { rc_summary, rc_details, solution_summary, solution_steps, files, excerpts };
};

// Heading, issue link and "what happened": always shown.
std::string head(const RunSummary& summary, const sentry::AutofixState* state);

// How the run went: what to do for the next stage (a completed run at an
// earlier stopping point, or one whose pipeline stopped short), how long it
// took and what made the rule start it. Bounded; always shown.
std::string next_step(const RunSummary& summary, const sentry::AutofixState* state);
std::string run_line(const RunSummary& summary);

// Pull request links and the footer with rule, stopping point and marker:
// always shown, and the footer always last.
std::string pull_requests(const sentry::AutofixState* state);
std::string footer(const RunSummary& summary);

// Everything else, fully rendered (each code excerpt already capped).
Body body(const sentry::AutofixState* state);

// Markdown for a summary paragraph cut to at most `max_bytes` (its note
// saying so included), or "" when nothing useful fits.
std::string cut_summary(const Group& group, std::size_t max_bytes);

// " _(Root cause shortened from 200,000 to 7,999 characters; the full text
// is in Sentry.)_" when `raw` is longer than `max_bytes`, i.e. when
// markdown::truncate(raw, max_bytes) cuts it; "" otherwise. `what` is the
// field's name, in lower case.
std::string cut_note(std::string_view what, std::string_view raw, std::size_t max_bytes);

}  // namespace autofixd::report::sections
