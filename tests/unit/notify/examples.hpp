#pragma once
// One Outcome per case a notification target must handle: every outcome
// kind, a hostile title and oversized fields. The golden files under
// tests/fixtures/golden/notify/ are these, rendered.

#include <string>
#include <utility>
#include <vector>

#include "notify/outcome.hpp"
#include "util/time_format.hpp"

namespace autofixd::notify::examples {

inline Outcome base(OutcomeKind kind) {
  Outcome o;
  o.kind = kind;
  o.issue = IssueId{1170820242};
  o.run = RunId{7};
  o.sentry_run = SentryRunId{12345};
  o.rule = "backend-errors";
  o.project = "backend";
  o.issue_short_id = "BACKEND-3F";
  o.issue_title = "TimeoutError: checkout took longer than 30s";
  o.issue_url = "https://acme.sentry.io/organizations/acme/issues/1170820242/";
  o.stopping_point = "root_cause";
  o.at = *parse_utc("2026-03-04T10:19:12Z");
  return o;
}

// The Sentry comment a finished run carries (normally report::render_comment's).
inline std::string sentry_comment(const std::string& outcome_line, const std::string& middle,
                                  const std::string& stopping_point = "root_cause") {
  return "### Seer Autofix: " + outcome_line +
         "\n\n**Issue:** [BACKEND-3F: TimeoutError: checkout took longer than "
         "30s](https://acme.sentry.io/organizations/acme/issues/1170820242/)\n\n" +
         middle + "\n---\n_Posted by autofixd: rule `backend-errors`, stopping point `" +
         stopping_point +
         "`._ "
         "`autofixd:run:12345`\n";
}

inline Outcome started() { return base(OutcomeKind::started); }

inline Outcome completed_root_cause() {
  Outcome o = base(OutcomeKind::completed);
  o.root_cause =
      "The payment client waits 30 s for the bank with no retry, so one slow answer fails "
      "checkout.";
  o.comment_body =
      sentry_comment("root cause found", "#### Root cause\n\n" + o.root_cause + "\n\n");
  o.comment_marker = "autofixd:run:12345";
  o.duration_seconds = 252;
  return o;
}

inline Outcome completed_with_prs() {
  Outcome o = completed_root_cause();
  o.stopping_point = "open_pr";
  o.pr_urls = {"https://github.com/acme/backend/pull/4711",
               "https://github.com/acme/payments/pull/88"};
  o.comment_body =
      sentry_comment("fix proposed",
                     "#### Root cause\n\n" + o.root_cause +
                         "\n\n#### Pull requests\n\n"
                         "- [acme/backend#4711](https://github.com/acme/backend/pull/4711)\n"
                         "- [acme/payments#88](https://github.com/acme/payments/pull/88)\n\n",
                     "open_pr");
  o.duration_seconds = 1460;
  return o;
}

inline Outcome failed() {
  Outcome o = base(OutcomeKind::failed);
  o.detail = "Seer reported an error: the repository acme/backend is not connected";
  o.comment_body =
      sentry_comment("failed",
                     "**What happened:** Seer Autofix stopped with an error: Seer reported an "
                     "error: the repository acme/backend is not connected.\n\n");
  o.comment_marker = "autofixd:run:12345";
  o.duration_seconds = 41;
  return o;
}

inline Outcome needs_input() {
  Outcome o = base(OutcomeKind::needs_input);
  o.detail = "Which of the two payment clients does checkout use?";
  o.comment_body =
      sentry_comment("needs your input",
                     "**What happened:** Seer stopped and is waiting for an answer in Sentry's "
                     "Autofix panel: Which of the two payment clients does checkout use?\n\n");
  o.comment_marker = "autofixd:run:12345:question";
  return o;
}

inline Outcome timed_out() {
  Outcome o = base(OutcomeKind::timed_out);
  o.detail = "no final result after 40 polls; the run may still finish in Sentry";
  o.comment_body =
      sentry_comment("timed out",
                     "**What happened:** The run did not finish before autofixd stopped waiting: "
                     "no final result after 40 polls; the run may still finish in Sentry. No "
                     "result had been read from Sentry.\n\n");
  o.comment_marker = "autofixd:run:12345";
  o.duration_seconds = 3 * 3600 + 60;
  return o;
}

inline Outcome cancelled_superseded() {
  Outcome o = base(OutcomeKind::cancelled);
  o.detail = "superseded by Seer run 12399, started on the issue after this one";
  o.comment_body =
      sentry_comment("replaced by another run",
                     "**What happened:** Another Seer run replaced this one on the issue, so its "
                     "results are not reported here: superseded by Seer run 12399, started on "
                     "the issue after this one.\n\n");
  o.comment_marker = "autofixd:run:12345";
  o.duration_seconds = 95;
  return o;
}

inline Outcome cancelled_by_operator() {
  Outcome o = base(OutcomeKind::cancelled);
  o.detail = "cancelled by an operator (autofixd cancel)";
  o.comment_body =
      sentry_comment("cancelled",
                     "**What happened:** The run was cancelled: cancelled by an operator "
                     "(autofixd cancel).\n\n");
  o.comment_marker = "autofixd:run:12345";
  o.duration_seconds = 600;
  return o;
}

inline Outcome refused() {
  Outcome o = base(OutcomeKind::refused);
  o.sentry_run.reset();
  o.detail = "Sentry answered 402: no Seer budget left for this organization";
  return o;
}

inline Outcome skipped_already_triggered() {
  Outcome o = base(OutcomeKind::skipped_already_triggered);
  o.run.reset();
  o.sentry_run.reset();
  o.detail = "Seer run 12001 was started by someone else 2 hours ago";
  return o;
}

// Markdown, HTML, Slack control sequences, mentions, bidi and bare URLs in
// everything that comes from Sentry.
inline Outcome hostile() {
  Outcome o = completed_with_prs();
  o.issue_short_id = "BACKEND-3F";
  o.issue_title =
      "<script>alert(1)</script> **urgent** [login](https://evil.test) <!channel> @here @alice "
      "<https://evil.test|click> &amp; \xE2\x80\xAE"
      "gnp.exe\n# heading https://evil.test/x";
  o.root_cause =
      "Visit <https://evil.test|the fix> or www.evil.test; ping <@U123> and <!subteam^S1>; "
      "`code` *bold* ~strike~ \x1B[31mred\x1B[0m";
  o.pr_urls = {"https://github.com/acme/backend/pull/4711?a=1|b>c", "javascript:alert(1)"};
  o.detail = "note <b>bold</b> & more";
  // The Sentry comment has its own hostile-text tests (report/); without
  // one, the tracker renders this text itself.
  o.comment_body.clear();
  return o;
}

// Every field far beyond what any target takes.
inline Outcome oversized() {
  Outcome o = completed_with_prs();
  o.issue_title = std::string(5000, 'T');
  o.root_cause.clear();
  for (int i = 0; o.root_cause.size() < 200000; ++i)
    o.root_cause += "Step " + std::to_string(i) + " waits. ";
  o.root_cause.resize(200000);
  o.detail = std::string(10000, 'd');
  o.pr_urls.clear();
  for (int i = 1; i <= 30; ++i) {
    o.pr_urls.push_back("https://github.com/acme/backend/pull/" + std::to_string(4700 + i));
  }
  return o;
}

inline std::vector<std::pair<std::string, Outcome>> all() {
  return {
      {"started", started()},
      {"completed_root_cause", completed_root_cause()},
      {"completed_with_prs", completed_with_prs()},
      {"failed", failed()},
      {"needs_input", needs_input()},
      {"timed_out", timed_out()},
      {"cancelled_superseded", cancelled_superseded()},
      {"cancelled_by_operator", cancelled_by_operator()},
      {"refused", refused()},
      {"skipped_already_triggered", skipped_already_triggered()},
      {"hostile_title", hostile()},
      {"oversized", oversized()},
  };
}

}  // namespace autofixd::notify::examples
