#include "intake/parsed_deliveries.hpp"

#include <gtest/gtest.h>

namespace autofixd::intake {
namespace {

Envelope envelope_for(std::int64_t issue) {
  Envelope e;
  e.resource = "issue";
  e.action = "created";
  e.handling = Handling::evaluate;
  e.issue = IssueId{issue};
  e.facts.issue = IssueId{issue};
  return e;
}

TEST(ParsedDeliveries, HandsEachKeptEnvelopeOutOnce) {
  ParsedDeliveries parsed;
  parsed.keep(DeliveryId{5}, envelope_for(50));
  auto taken = parsed.take(DeliveryId{5});
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->issue, IssueId{50});
  EXPECT_FALSE(parsed.take(DeliveryId{5}).has_value());
  EXPECT_EQ(parsed.size(), 0u);
}

TEST(ParsedDeliveries, UnknownDeliveryIsNotFound) {
  ParsedDeliveries parsed;
  parsed.keep(DeliveryId{1}, envelope_for(10));
  EXPECT_FALSE(parsed.take(DeliveryId{2}).has_value());
  EXPECT_EQ(parsed.size(), 1u);
}

TEST(ParsedDeliveries, ListsTheLowestIdsAscending) {
  ParsedDeliveries parsed;
  for (std::int64_t id : {7, 3, 9}) parsed.keep(DeliveryId{id}, envelope_for(id));
  EXPECT_EQ(parsed.ids(10), (std::vector<DeliveryId>{DeliveryId{3}, DeliveryId{7}, DeliveryId{9}}));
  EXPECT_EQ(parsed.ids(2), (std::vector<DeliveryId>{DeliveryId{3}, DeliveryId{7}}));
}

TEST(ParsedDeliveries, KeepsNothingPastItsMemoryBudget) {
  const std::size_t one = kept_bytes(envelope_for(1));
  ParsedDeliveries parsed(2 * one);
  for (std::int64_t id = 1; id <= 4; ++id) parsed.keep(DeliveryId{id}, envelope_for(id));
  EXPECT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed.bytes(), 2 * one);
  EXPECT_TRUE(parsed.take(DeliveryId{1}).has_value());
  EXPECT_FALSE(parsed.take(DeliveryId{3}).has_value()) << "dropped: the store's body is parsed";
  parsed.keep(DeliveryId{5}, envelope_for(5));
  EXPECT_TRUE(parsed.take(DeliveryId{5}).has_value()) << "room again once one was taken";
  EXPECT_EQ(parsed.bytes(), one);
}

TEST(ParsedDeliveries, CountsTheTextAnEnvelopeHolds) {
  Envelope big = envelope_for(1);
  big.facts.title.assign(100'000, 't');
  EXPECT_GE(kept_bytes(big), kept_bytes(envelope_for(1)) + 100'000);
  ParsedDeliveries parsed(50'000);
  parsed.keep(DeliveryId{1}, big);
  EXPECT_EQ(parsed.size(), 0u) << "a 100 KB title does not fit a 50 KB budget";
  parsed.keep(DeliveryId{2}, envelope_for(2));
  EXPECT_EQ(parsed.size(), 1u);
}

TEST(ParsedDeliveries, DefaultBudgetHoldsThousandsOfTypicalEnvelopes) {
  Envelope typical = envelope_for(1);
  typical.facts.title = std::string(120, 'T');
  typical.facts.web_url = "https://acme.sentry.io/issues/1234567890/";
  typical.facts.culprit = std::string(80, 'c');
  EXPECT_GE(ParsedDeliveries::kDefaultMaxBytes / kept_bytes(typical), 10'000u);
}

}  // namespace
}  // namespace autofixd::intake
