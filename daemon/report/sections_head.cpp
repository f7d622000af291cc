// The parts of a comment that are never cut: outcome, issue link, what
// happened, pull requests, and the footer carrying the marker.

#include <string_view>

#include "report/markdown.hpp"
#include "report/sections.hpp"

namespace autofixd::report::sections {
namespace {

namespace md = markdown;

// Bounds on text that lands in the never-cut parts, so they stay well
// below the smallest sensible comment size even for absurd input.
constexpr std::size_t kMaxTitleBytes = 300;
constexpr std::size_t kMaxDetailBytes = 2000;
constexpr std::size_t kMaxPullRequests = 50;

bool has_fix(const sentry::AutofixState* state) {
  return state != nullptr && (!state->pull_requests.empty() || !state->changes.empty());
}

std::string outcome(const RunSummary& summary, const sentry::AutofixState* state) {
  const std::string& s = summary.final_state;
  if (s == "completed") {
    if (has_fix(state)) return "fix proposed";
    if (state != nullptr && !state->solution.empty()) return "solution proposed";
    if (state != nullptr && !state->root_cause.empty()) return "root cause found";
    return "finished without a result";
  }
  if (s == "failed") return "failed";
  if (s == "needs_input") return "needs your input";
  if (s == "superseded") return "replaced by another run";
  if (s == "timed_out") return "timed out";
  if (s == "cancelled") return "cancelled";
  if (s == "cancelled_by_operator") return "cancelled by an operator";
  return "ended (" + md::escape_inline(md::truncate(s, 40)) + ")";
}

// Detail text ends a sentence, so add the full stop Sentry often leaves out.
std::string sentence(std::string text) {
  if (!text.empty() && std::string_view(".!?").find(text.back()) == std::string_view::npos) text += '.';
  return text;
}

// Everything Sentry and autofixd said about why the run stopped.
std::string details(const RunSummary& summary, const sentry::AutofixState* state) {
  std::string text = summary.failure_detail;
  if (state != nullptr && !state->error_detail.empty() && text.find(state->error_detail) == std::string::npos) {
    if (!text.empty()) text += "; ";
    text += state->error_detail;
  }
  return sentence(md::escape_inline(md::truncate(text, kMaxDetailBytes)));
}

std::string what_happened(const RunSummary& summary, const sentry::AutofixState* state) {
  const std::string detail = details(summary, state);
  const bool no_result = state == nullptr || !state->exists;
  const std::string& s = summary.final_state;
  std::string line;
  if (s == "completed") {
    return detail.empty() ? "" : "**Note:** " + detail + "\n\n";
  } else if (s == "failed") {
    line = "Seer Autofix stopped with an error";
    line += detail.empty() ? ". Sentry gave no further detail." : ": " + detail;
  } else if (s == "timed_out") {
    line = "The run did not finish before autofixd stopped waiting";
    line += detail.empty() ? "." : ": " + detail;
    line += no_result ? " No result had been read from Sentry."
                      : " What Seer had found by then is below.";
  } else if (s == "needs_input") {
    line = "Seer stopped and is waiting for an answer in Sentry's Autofix panel";
    line += detail.empty() ? "." : ": " + detail;
  } else if (s == "superseded") {
    line = "Another Seer run replaced this one on the issue, so its results are not reported "
           "here";
    line += detail.empty() ? "." : ": " + detail;
  } else if (s == "cancelled") {
    line = "The run was cancelled in Sentry";
    line += detail.empty() ? "." : ": " + detail;
  } else if (s == "cancelled_by_operator") {
    line = "An operator cancelled this run in autofixd, which no longer follows it (Seer may "
           "still finish it in Sentry's Autofix panel)";
    line += detail.empty() ? "." : ": " + detail;
  } else {
    line = detail;
  }
  return line.empty() ? "" : "**What happened:** " + line + "\n\n";
}

std::string issue_line(const RunSummary& summary) {
  std::string label = summary.issue_short_id.empty() ? "Issue " + summary.issue.str() : summary.issue_short_id;
  if (!summary.issue_title.empty()) label += ": " + md::truncate(summary.issue_title, kMaxTitleBytes);
  return "**Issue:** " + md::link(label, summary.issue_url) + "\n\n";
}

std::string pull_request_item(const sentry::PullRequest& pr) {
  std::string label = pr.repo.empty() ? "pull request" : pr.repo;
  if (pr.number) label += "#" + std::to_string(*pr.number);
  const std::string url = md::safe_url(pr.url);
  if (url.empty()) return "- " + md::escape_inline(label) + ": " + md::code_span(pr.url) + "\n";
  return "- " + md::link(label, url) + "\n";
}

}  // namespace

std::string head(const RunSummary& summary, const sentry::AutofixState* state) {
  return "### Seer Autofix: " + outcome(summary, state) + "\n\n" + issue_line(summary) +
         what_happened(summary, state);
}

std::string pull_requests(const sentry::AutofixState* state) {
  if (state == nullptr || state->pull_requests.empty()) return {};
  std::string out = "#### Pull requests\n\n";
  const auto& prs = state->pull_requests;
  for (std::size_t i = 0; i < prs.size() && i < kMaxPullRequests; ++i) out += pull_request_item(prs[i]);
  if (prs.size() > kMaxPullRequests) {
    out += "- \xE2\x80\xA6 and " + std::to_string(prs.size() - kMaxPullRequests) + " more in Sentry\n";
  }
  return out + "\n";
}

std::string footer(const RunSummary& summary) {
  // The blank line keeps "---" a rule even after a cut line (else: a heading).
  return "\n---\n_Posted by autofixd: rule " + md::code_span(md::truncate(summary.rule, 200)) +
         ", stopping point " + md::code_span(config::to_string(summary.stopping_point)) + "._ " +
         md::code_span(summary.marker_text.empty() ? marker(summary.run_id) : summary.marker_text) +
         "\n";
}

}  // namespace autofixd::report::sections
