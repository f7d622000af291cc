#include "runs/sweeper.hpp"

#include <gtest/gtest.h>

#include "intake/envelope.hpp"

namespace autofixd::runs {
namespace {

TEST(SweepDelivery, IsAnIssueDeliveryTheProcessorEvaluates) {
  const sentry::ListedIssue listed{
      IssueId{77},
      R"({"id":"77","shortId":"BACKEND-7","title":"KeyError","level":"error","status":"unresolved",)"
      R"("count":"12","userCount":3,"project":{"id":"1","slug":"backend","name":"backend"}})"};
  const auto now = SysTime{std::chrono::seconds{1'795'000'000}};
  const auto d = sweep_delivery(listed, now);
  EXPECT_EQ(d.request_id, "sweep:77");
  EXPECT_EQ(d.resource, "issue");
  EXPECT_EQ(d.handling, "evaluate");
  EXPECT_EQ(d.issue, IssueId{77});
  EXPECT_EQ(d.received_at, now);

  auto envelope = intake::parse_envelope(d.resource, d.body);
  ASSERT_TRUE(envelope) << envelope.error().message;
  EXPECT_EQ(envelope->handling, intake::Handling::evaluate);
  ASSERT_TRUE(envelope->issue.has_value());
  EXPECT_EQ(*envelope->issue, IssueId{77});
  EXPECT_EQ(envelope->facts.project, "backend");
  EXPECT_EQ(envelope->facts.events, 12);
}

}  // namespace
}  // namespace autofixd::runs
