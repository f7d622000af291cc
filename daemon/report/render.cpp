#include "report/render.hpp"

#include <array>

#include "report/markdown.hpp"
#include "report/sections.hpp"
#include "sentry/text.hpp"
#include "util/human_format.hpp"

namespace autofixd::report {
namespace {

using sections::Body;
using sections::Group;

constexpr std::string_view kMarkerPrefix = "autofixd:run:";
// Room kept for the "shortened" note once anything must go; the note is
// built from at most six short phrases, well under this.
constexpr std::size_t kNoteReserve = 480;

// Most important first: what is kept longest when space runs out. The
// display order is Body's slot order.
constexpr std::array<Body::Slot, Body::kGroups> kFillOrder{
    Body::rc_summary, Body::solution_summary, Body::files,
    Body::rc_details, Body::solution_steps,   Body::excerpts};

std::size_t full_size(const Body& body) {
  std::size_t size = 0;
  std::array<bool, 3> open{};
  for (const Group& g : body.groups) {
    if (g.items.empty()) continue;
    open[static_cast<std::size_t>(g.section)] = true;
    for (const std::string& item : g.items) size += item.size();
    size += g.after.size();
  }
  for (std::size_t s = 0; s < open.size(); ++s) size += open[s] ? body.headers[s].size() : 0;
  return size;
}

void show_all(Body& body) {
  for (Group& g : body.groups) g.shown = g.items.size();
}

// Takes items, most important group first, while they fit in `budget`.
void fill(Body& body, std::size_t budget) {
  std::array<bool, 3> open{};
  for (const Body::Slot slot : kFillOrder) {
    Group& g = body.groups[slot];
    const auto section = static_cast<std::size_t>(g.section);
    for (const std::string& item : g.items) {
      const std::size_t overhead = (open[section] ? 0 : body.headers[section].size()) +
                                   (g.shown == 0 ? g.after.size() : 0);
      if (item.size() + overhead <= budget) {
        budget -= item.size() + overhead;
      } else if (!g.raw.empty() && budget > overhead) {
        std::string cut = sections::cut_summary(g, budget - overhead);
        if (cut.empty()) break;
        budget -= cut.size() + overhead;
        g.items.front() = std::move(cut);
        g.cut = true;
      } else {
        break;
      }
      open[section] = true;
      ++g.shown;
    }
    // Strict order: nothing less important is shown once this group lost
    // something, so a comment never keeps excerpts but drops the root cause.
    if (g.shown < g.items.size() || g.cut) return;
  }
}

std::string assemble(const Body& body) {
  std::string out;
  for (std::size_t s = 0; s < body.headers.size(); ++s) {
    std::string section;
    for (const Group& g : body.groups) {
      if (static_cast<std::size_t>(g.section) != s || g.shown == 0) continue;
      for (std::size_t i = 0; i < g.shown; ++i) section += g.items[i];
      section += g.after;
    }
    if (!section.empty()) out += body.headers[s] + section;
  }
  return out;
}

std::string shortened_note(const Body& body, std::size_t max_bytes) {
  std::string omitted;
  for (const Group& g : body.groups) {
    std::string phrase;
    if (g.cut) phrase = g.label + " shortened";
    if (g.shown < g.items.size()) {
      phrase = std::to_string(g.items.size() - g.shown) + " of " + std::to_string(g.items.size()) + " " +
               g.label + " left out";
    }
    if (phrase.empty()) continue;
    omitted += (omitted.empty() ? "" : "; ") + phrase;
  }
  return "_(This comment was shortened to stay within " + format_count(static_cast<std::int64_t>(max_bytes)) +
         " bytes: " + omitted + "; the full result is in Sentry's Autofix panel.)_\n\n";
}

// Last resort when even the never-cut parts overflow (tiny limits): keep
// whole lines of `fixed` that fit, then the footer with the marker.
std::string emergency_cut(const std::string& fixed, const std::string& footer, std::size_t max_bytes) {
  if (footer.size() >= max_bytes) return std::string(sentry::text::utf8_prefix(footer, max_bytes));
  std::string_view kept = sentry::text::utf8_prefix(fixed, max_bytes - footer.size());
  const std::size_t last_newline = kept.rfind('\n');
  kept = kept.substr(0, last_newline == std::string_view::npos ? 0 : last_newline + 1);
  return std::string(kept) + footer;
}

}  // namespace

std::string marker(SentryRunId run) { return std::string(kMarkerPrefix) + run.str(); }

std::string stage_marker(SentryRunId run, config::StoppingPoint stage) {
  return marker(run) + ":" + std::string(config::to_string(stage));
}

std::string question_marker(std::string_view result_marker) {
  return std::string(result_marker) + ":question";
}

bool contains_marker(std::string_view text, std::string_view wanted) {
  if (wanted.empty()) return false;
  for (std::size_t at = text.find(wanted); at != std::string_view::npos; at = text.find(wanted, at + 1)) {
    // "autofixd:run:12" must match neither run 123 nor "autofixd:run:12:question".
    const std::size_t after = at + wanted.size();
    if (after == text.size()) return true;
    const char next = text[after];
    const bool continues = (next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') ||
                           next == ':' || next == '_';
    if (!continues) return true;
  }
  return false;
}

bool contains_marker(std::string_view text, SentryRunId run) {
  return contains_marker(text, marker(run));
}

std::string render_comment(const RunSummary& summary, const sentry::AutofixState* state,
                           std::size_t max_bytes) {
  const std::string head = sections::head(summary, state);
  // The pull requests, then how the run went, are never cut either.
  const std::string prs = sections::pull_requests(state) + sections::next_step(summary, state) +
                          sections::run_line(summary);
  const std::string footer = sections::footer(summary);
  const std::size_t fixed = head.size() + prs.size() + footer.size();
  Body body = sections::body(state);

  if (fixed + full_size(body) <= max_bytes) {
    show_all(body);
    return head + assemble(body) + prs + footer;
  }
  if (fixed + kNoteReserve > max_bytes) return emergency_cut(head + prs, footer, max_bytes);
  fill(body, max_bytes - fixed - kNoteReserve);
  return head + assemble(body) + prs + shortened_note(body, max_bytes) + footer;
}

}  // namespace autofixd::report
