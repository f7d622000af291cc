#include <gtest/gtest.h>

#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

class DecisionListTest : public StoreTest {
 protected:
  // Records a watch decision for `issue` whose facts carry `short_id`,
  // through a delivery with `request_id` when one is given.
  void record(std::int64_t issue, const std::string& short_id, const std::string& request_id = "",
              std::string facts = "") {
    DecisionRecord r;
    if (!request_id.empty()) {
      auto inserted = store_->insert_delivery(delivery(request_id, issue));
      ASSERT_TRUE(inserted) << inserted.error().message;
      r.delivery = inserted->id;
    }
    r.issue = IssueId{issue};
    r.decided_at = now_;
    r.outcome = "watch";
    r.reason = "below_min_events";
    r.detail = "no rule matched yet";
    r.facts_json = facts.empty() ? R"({"issue_id":")" + std::to_string(issue) +
                                       R"(","short_id":")" + short_id + R"("})"
                                 : facts;
    auto recorded = store_->record_decision(r);
    ASSERT_TRUE(recorded) << recorded.error().message;
    now_ += std::chrono::seconds(1);
  }

  std::vector<std::int64_t> issues_of(const DecisionFilter& filter, int limit = 50) {
    auto rows = store_->list_decisions(filter, limit);
    EXPECT_TRUE(rows) << rows.error().message;
    std::vector<std::int64_t> out;
    if (rows) {
      for (const auto& d : *rows) out.push_back(d.issue.value);
    }
    return out;
  }
};

TEST_F(DecisionListTest, ListsNewestFirstUpToTheLimit) {
  record(1, "A-1");
  record(2, "A-2");
  record(3, "A-3");
  EXPECT_EQ(issues_of({}), (std::vector<std::int64_t>{3, 2, 1}));
  EXPECT_EQ(issues_of({}, 2), (std::vector<std::int64_t>{3, 2}));
}

TEST_F(DecisionListTest, FiltersByIssueId) {
  record(1, "A-1");
  record(2, "A-2");
  record(1, "A-1");
  EXPECT_EQ(issues_of({.issue = IssueId{1}}), (std::vector<std::int64_t>{1, 1}));
  EXPECT_TRUE(issues_of({.issue = IssueId{9}}).empty());
}

TEST_F(DecisionListTest, FiltersByShortIdInTheStoredFactsIgnoringCase) {
  record(1, "BACKEND-12");
  record(2, "BACKEND-123");
  record(3, "", "", "not json");  // never breaks the query
  EXPECT_EQ(issues_of({.short_id = "backend-12"}), (std::vector<std::int64_t>{1}));
}

TEST_F(DecisionListTest, CarriesTheDeliveryRequestIdWhenThereIsOne) {
  record(1, "A-1", "req-1");
  record(1, "A-1");
  auto rows = store_->list_decisions({}, 10);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_FALSE((*rows)[0].request_id.has_value());
  EXPECT_EQ((*rows)[1].request_id, "req-1");
  EXPECT_EQ((*rows)[1].outcome, "watch");
  EXPECT_EQ((*rows)[1].reason, "below_min_events");
  EXPECT_EQ((*rows)[1].rule, "");
  EXPECT_EQ((*rows)[1].decided_at, from_unix_ms(1'700'000'000'000));
}

}  // namespace
}  // namespace autofixd::store
