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

TEST(ParsedDeliveries, ListsIdsAscending) {
  ParsedDeliveries parsed;
  for (std::int64_t id : {7, 3, 9}) parsed.keep(DeliveryId{id}, envelope_for(id));
  EXPECT_EQ(parsed.ids(), (std::vector<DeliveryId>{DeliveryId{3}, DeliveryId{7}, DeliveryId{9}}));
}

TEST(ParsedDeliveries, KeepsNothingPastItsCapacity) {
  ParsedDeliveries parsed(2);
  for (std::int64_t id = 1; id <= 4; ++id) parsed.keep(DeliveryId{id}, envelope_for(id));
  EXPECT_EQ(parsed.size(), 2u);
  EXPECT_TRUE(parsed.take(DeliveryId{1}).has_value());
  EXPECT_FALSE(parsed.take(DeliveryId{3}).has_value()) << "dropped: the store's body is parsed";
  parsed.keep(DeliveryId{5}, envelope_for(5));
  EXPECT_TRUE(parsed.take(DeliveryId{5}).has_value()) << "room again once one was taken";
}

}  // namespace
}  // namespace autofixd::intake
