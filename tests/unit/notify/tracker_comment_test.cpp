// The tracker comment: the Sentry comment's content, a link to the Sentry
// issue, and a marker of its own that is found exactly.
#include <gtest/gtest.h>

#include "notify/tracker_comment.hpp"
#include "unit/notify/examples.hpp"

namespace autofixd::notify {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(TrackerComment, CarriesTheSentryCommentTheIssueLinkAndItsMarker) {
  const Outcome o = examples::completed_with_prs();
  const std::string c = render_tracker_comment(o);
  EXPECT_EQ(c.rfind(o.comment_body, 0), 0U) << c;
  EXPECT_TRUE(has(c, "[BACKEND-3F](https://acme.sentry.io/organizations/acme/issues/1170820242/)"))
      << c;
  EXPECT_TRUE(has(c, "`autofixd:tracker:run:7:completed`")) << c;
  EXPECT_TRUE(tracker_comment_has_marker(c, tracker_marker(o)));
}

TEST(TrackerComment, StartedHasNoComment) {
  EXPECT_EQ(render_tracker_comment(examples::started()), "");
}

TEST(TrackerComment, OutcomesWithoutASentryCommentGetAShortOne) {
  const std::string refused = render_tracker_comment(examples::refused());
  EXPECT_TRUE(has(refused, "### Sentry refused to start Seer Autofix")) << refused;
  EXPECT_TRUE(has(refused, "402: no Seer budget left")) << refused;
  const std::string skipped = render_tracker_comment(examples::skipped_already_triggered());
  EXPECT_TRUE(has(skipped, "autofixd started nothing")) << skipped;
  EXPECT_TRUE(has(skipped, "`autofixd:tracker:issue:1170820242:skipped_already_triggered:"))
      << skipped;
}

TEST(TrackerMarker, OneRunOneOutcome) {
  Outcome o = examples::completed_root_cause();
  EXPECT_EQ(tracker_marker(o), "autofixd:tracker:run:7:completed");
  o.kind = OutcomeKind::needs_input;
  EXPECT_EQ(tracker_marker(o), "autofixd:tracker:run:7:needs_input");
}

TEST(TrackerMarker, WithoutARunEachOutcomeIsItsOwn) {
  Outcome o = examples::skipped_already_triggered();
  const std::string first = tracker_marker(o);
  EXPECT_EQ(first, "autofixd:tracker:issue:1170820242:skipped_already_triggered:1772619552000");
  o.at += std::chrono::hours(1);
  EXPECT_NE(tracker_marker(o), first);
}

TEST(TrackerMarker, MatchesExactly) {
  const std::string body = "text `autofixd:tracker:run:12:completed`\n";
  EXPECT_TRUE(tracker_comment_has_marker(body, "autofixd:tracker:run:12:completed"));
  EXPECT_FALSE(tracker_comment_has_marker(body, "autofixd:tracker:run:1:completed"));
  EXPECT_FALSE(tracker_comment_has_marker("autofixd:tracker:run:123:completed",
                                          "autofixd:tracker:run:12:completed"));
  EXPECT_FALSE(tracker_comment_has_marker("autofixd:tracker:run:12:completed_x",
                                          "autofixd:tracker:run:12:completed"));
  EXPECT_FALSE(tracker_comment_has_marker(body, "autofixd:tracker:run:12:failed"));
  EXPECT_FALSE(tracker_comment_has_marker(body, ""));
  // The Sentry marker inside the copied comment is not the tracker's.
  EXPECT_FALSE(tracker_comment_has_marker(examples::completed_root_cause().comment_body,
                                          tracker_marker(examples::completed_root_cause())));
}

TEST(TrackerComment, HostileTitleInTheShortCommentIsInert) {
  Outcome o = examples::hostile();
  o.kind = OutcomeKind::refused;
  o.comment_body.clear();
  const std::string c = render_tracker_comment(o);
  EXPECT_TRUE(has(c, "\\<script\\>")) << c;
  EXPECT_FALSE(has(c, " <")) << c;
  EXPECT_FALSE(has(c, "](https://evil")) << c;
  EXPECT_FALSE(has(c, " https://evil")) << c;
  EXPECT_FALSE(has(c, "\xE2\x80\xAE")) << c;
  EXPECT_FALSE(has(c, " @here")) << c;
  EXPECT_FALSE(has(c, "\n# heading")) << c;
}

TEST(TrackerComment, ACutInTheShortCommentSaysSo) {
  Outcome o = examples::oversized();
  o.comment_body.clear();
  const std::string c = render_tracker_comment(o);
  EXPECT_TRUE(has(c, "_(shortened from 200,000 characters; the full text is in Sentry)_")) << c;
  EXPECT_TRUE(has(c, "_(shortened from 10,001 characters; the full text is in Sentry)_")) << c;
  EXPECT_LT(c.size(), 10'000U);
}

}  // namespace
}  // namespace autofixd::notify
