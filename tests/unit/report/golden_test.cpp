// What a reader sees in Sentry, one golden file per outcome in
// tests/fixtures/golden/report/ (AUTOFIXD_UPDATE_GOLDEN=1 rewrites them).
#include <gtest/gtest.h>

#include <functional>

#include "report/render.hpp"
#include "support/golden.hpp"

namespace autofixd::report {
namespace {

using config::StoppingPoint;
using std::chrono::minutes;
using std::chrono::seconds;

RunSummary summary(std::string final_state, StoppingPoint stopping_point) {
  RunSummary s;
  s.run_id = SentryRunId{12345};
  s.issue = IssueId{1170820242};
  s.issue_short_id = "BACKEND-3F";
  s.issue_title = "TimeoutError: checkout took longer than 30s";
  s.issue_url = "https://acme.sentry.io/organizations/acme/issues/1170820242/";
  s.rule = "backend-errors";
  s.stopping_point = stopping_point;
  s.final_state = std::move(final_state);
  s.duration = minutes{4} + seconds{12};
  s.trigger = RunSummary::Trigger{1204, 87, 0.72, ""};
  return s;
}

sentry::AutofixState root_cause_state() {
  sentry::AutofixState st;
  st.exists = true;
  st.status = sentry::AutofixStatus::completed;
  st.root_cause =
      "`PaymentClient.charge` waits up to 30 s for the bank and never retries, so one slow answer "
      "fails the whole checkout.";
  st.root_cause_details = {
      "Checkout calls `PaymentClient.charge` once per order.",
      "The bank's sandbox answers in 31 s under load; the client gives up at 30 s.",
      "The `TimeoutError` reaches the view, which returns a 500."};
  return st;
}

sentry::AutofixState solution_state() {
  sentry::AutofixState st = root_cause_state();
  st.solution =
      "Retry the charge once with an idempotency key, and lower the per-try timeout to 10 s.";
  st.solution_steps = {"Pass an idempotency key derived from the order id to `charge`.",
                       "Retry once on `TimeoutError` with the same key.",
                       "Add a test that simulates one slow answer."};
  return st;
}

sentry::AutofixState fix_state() {
  sentry::AutofixState st = solution_state();
  st.changes = {
      {"acme/backend", "app/payments/client.py", "Retry charges once with an idempotency key",
       "@@ -40,7 +40,12 @@ class PaymentClient:\n-    def charge(self, order):\n-        return "
       "self._post(\"/charge\", order.payload(), timeout=30)\n+    def charge(self, order):\n+     "
       "   "
       "key = f\"order-{order.id}\"\n+        try:\n+            return self._post(\"/charge\", "
       "order.payload(), timeout=10, key=key)\n+        except TimeoutError:\n+            return "
       "self._post(\"/charge\", order.payload(), timeout=10, key=key)\n"}};
  st.pull_requests = {{"acme/backend", "https://github.com/acme/backend/pull/4711", 4711}};
  return st;
}

struct Case {
  std::string name;
  std::function<std::string()> render;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  out.push_back({"completed_root_cause", [] {
                   const auto st = root_cause_state();
                   return render_comment(summary("completed", StoppingPoint::root_cause), &st);
                 }});
  out.push_back({"completed_solution", [] {
                   const auto st = solution_state();
                   RunSummary s = summary("completed", StoppingPoint::solution);
                   s.marker_text = stage_marker(s.run_id, StoppingPoint::solution);
                   s.duration = minutes{2} + seconds{3};
                   return render_comment(s, &st);
                 }});
  out.push_back({"completed_with_prs", [] {
                   const auto st = fix_state();
                   RunSummary s = summary("completed", StoppingPoint::open_pr);
                   s.duration = minutes{24} + seconds{20};
                   s.trigger = RunSummary::Trigger{412, 1, std::nullopt, "production"};
                   return render_comment(s, &st);
                 }});
  out.push_back(
      {"completed_coding_agent", [] {
         // The coding agent opened the pull request; Seer wrote no diff itself.
         auto st = solution_state();
         st.pull_requests = {{"acme/backend", "https://github.com/acme/backend/pull/4712", 4712}};
         st.coding_agents = {{"bc-7f3a", "Cursor Background Agent", "cursor", "completed",
                              "https://cursor.com/agents?id=bc-7f3a"}};
         RunSummary s = summary("completed", StoppingPoint::open_pr);
         s.duration = minutes{38};
         return render_comment(s, &st);
       }});
  out.push_back({"failed", [] {
                   sentry::AutofixState st;
                   st.exists = true;
                   st.status = sentry::AutofixStatus::error;
                   st.error_detail = "The repository acme/backend is not connected to Sentry";
                   RunSummary s = summary("failed", StoppingPoint::root_cause);
                   s.duration = seconds{41};
                   return render_comment(s, &st);
                 }});
  out.push_back({"timed_out", [] {
                   RunSummary s = summary("timed_out", StoppingPoint::root_cause);
                   s.failure_detail =
                       "no final result after 40 polls; the run may still finish in Sentry";
                   s.duration = std::chrono::hours{3} + minutes{1};
                   return render_comment(s, nullptr);
                 }});
  out.push_back({"needs_input", [] {
                   auto st = root_cause_state();
                   st.status = sentry::AutofixStatus::needs_input;
                   st.question = "Which of the two payment clients does checkout use?";
                   RunSummary s = summary("needs_input", StoppingPoint::solution);
                   s.failure_detail = st.question;
                   s.marker_text = question_marker(marker(s.run_id));
                   s.duration.reset();
                   return render_comment(s, &st);
                 }});
  out.push_back({"cancelled_superseded", [] {
                   RunSummary s = summary("superseded", StoppingPoint::root_cause);
                   s.failure_detail =
                       "superseded by Seer run 12399, started on the issue after this one";
                   s.duration = minutes{1} + seconds{35};
                   return render_comment(s, nullptr);
                 }});
  out.push_back({"cancelled_by_operator", [] {
                   RunSummary s = summary("cancelled_by_operator", StoppingPoint::root_cause);
                   s.failure_detail = "autofixd cancel by alice: wrong project";
                   s.duration = minutes{10};
                   return render_comment(s, nullptr);
                 }});
  out.push_back({"step_grace_stopped_at_root_cause", [] {
                   const auto st = root_cause_state();
                   RunSummary s = summary("completed", StoppingPoint::code_changes);
                   s.failure_detail =
                       "Seer's pipeline stopped after the root_cause step, short of code_changes "
                       "(no progress "
                       "for 15m); what it produced is below";
                   s.duration = minutes{19};
                   return render_comment(s, &st);
                 }});
  out.push_back(
      {"hostile_title", [] {
         auto st = root_cause_state();
         st.root_cause =
             "Sign in again at https://evil.test/login <img src=x onerror=alert(1)> @everyone";
         RunSummary s = summary("completed", StoppingPoint::root_cause);
         s.issue_title =
             "<script>alert(1)</script> **urgent** [login](https://evil.test) @here @alice "
             "\xE2\x80\xAE"
             "gnp.exe\n# heading ```js <!-- www.evil.test";
         s.trigger = std::nullopt;  // the decision is gone
         return render_comment(s, &st);
       }});
  out.push_back({"oversized_fields", [] {
                   // Each field beyond its own cap, the whole within the comment's.
                   auto st = root_cause_state();
                   st.root_cause.clear();
                   for (int i = 0; st.root_cause.size() < 200000; ++i) {
                     st.root_cause += "Step " + std::to_string(i) + " waits. ";
                   }
                   st.root_cause.resize(200000);
                   st.root_cause_details = {std::string(5000, 'w')};
                   RunSummary s = summary("completed", StoppingPoint::root_cause);
                   s.issue_title = std::string(1000, 'T');
                   s.failure_detail = std::string(3000, 'd');
                   return render_comment(s, &st);
                 }});
  out.push_back({"oversized_comment", [] {
                   // Everything fits its own cap; together they do not fit 16 KiB.
                   auto st = fix_state();
                   for (int i = 0; i < 40; ++i) {
                     st.root_cause_details.push_back("Detail " + std::to_string(i) + ": " +
                                                     std::string(300, 'r'));
                     st.solution_steps.push_back("Step " + std::to_string(i) + ": " +
                                                 std::string(300, 's'));
                   }
                   RunSummary s = summary("completed", StoppingPoint::open_pr);
                   return render_comment(s, &st, 16 * 1024);
                 }});
  return out;
}

class Golden : public ::testing::TestWithParam<Case> {};

TEST_P(Golden, Comment) {
  testing::expect_golden("report/" + GetParam().name + ".md", GetParam().render());
}

INSTANTIATE_TEST_SUITE_P(EveryOutcome, Golden, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace autofixd::report
