// A delivery's body lives in a table of its own (schema v3), written once.

#include <gtest/gtest.h>

#include <filesystem>

#include "store/migrations.hpp"
#include "unit/store/store_fixture.hpp"

namespace autofixd::store {
namespace {

NewDelivery with_body(NewDelivery d, std::string body) {
  d.body = std::move(body);
  return d;
}

TEST_F(StoreTest, PendingDeliveriesCarryTheirBodies) {
  ASSERT_TRUE(store_->insert_deliveries(
      {with_body(delivery("a"), R"({"a":1})"), with_body(delivery("b"), R"({"b":2})")}));
  auto pending = store_->pending_deliveries(10);
  ASSERT_TRUE(pending) << pending.error().message;
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].body, R"({"a":1})");
  EXPECT_TRUE((*pending)[0].body_read);
  EXPECT_EQ((*pending)[1].body, R"({"b":2})");
}

TEST_F(StoreTest, BodiesNotNeededAreLeftOut) {
  auto ids = store_->insert_deliveries({with_body(delivery("a"), R"({"a":1})"),
                                        with_body(delivery("b"), R"({"b":2})"),
                                        with_body(delivery("c"), R"({"c":3})")});
  ASSERT_TRUE(ids);
  auto pending = store_->pending_deliveries(10, {(*ids)[0].id, (*ids)[2].id});
  ASSERT_TRUE(pending) << pending.error().message;
  ASSERT_EQ(pending->size(), 3u);
  EXPECT_FALSE((*pending)[0].body_read);
  EXPECT_EQ((*pending)[0].body, "");
  EXPECT_EQ((*pending)[0].request_id, "a") << "the row itself is still read";
  EXPECT_TRUE((*pending)[1].body_read);
  EXPECT_EQ((*pending)[1].body, R"({"b":2})");
  EXPECT_FALSE((*pending)[2].body_read);
}

TEST_F(StoreTest, ADuplicateStoresNoSecondBody) {
  ASSERT_TRUE(store_->insert_deliveries(
      {with_body(delivery("a"), "first"), with_body(delivery("a"), "second")}));
  auto pending = store_->pending_deliveries(10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].body, "first");
  auto bodies = Statement::prepare(store_->database(), "SELECT COUNT(*) FROM delivery_bodies");
  ASSERT_TRUE(bodies && *bodies->step());
  EXPECT_EQ(bodies->column_int(0), 1);
}

TEST_F(StoreTest, ProcessingADeliveryLeavesItsBodyAlone) {
  auto d = store_->insert_delivery(with_body(delivery("x"), R"({"kept":true})"));
  ASSERT_TRUE(d);
  ASSERT_TRUE(store_->record_decision(start_decision(42, d->id)));
  auto body = Statement::prepare(store_->database(),
                                 "SELECT body FROM delivery_bodies WHERE delivery_id = ?1");
  ASSERT_TRUE(body);
  body->bind(1, d->id.value);
  ASSERT_TRUE(*body->step());
  EXPECT_EQ(body->column_text(0), R"({"kept":true})");
}

// A store written by schema v2 (body in the deliveries row) keeps every
// delivery, body and state through the upgrade.
TEST(DeliveryBodiesMigration, MovesEachBodyOutOfItsDeliveryRow) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("autofixd-migrate-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto path = (dir / "v2.db").string();
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(migrate(*db, 2));
    ASSERT_TRUE(db->exec(
        "INSERT INTO deliveries (request_id, resource, action, handling, issue_id, body, "
        "received_at) VALUES ('r1', 'issue', 'created', 'evaluate', 7, '{\"v2\":1}', 1000);"
        "INSERT INTO deliveries (request_id, resource, action, handling, issue_id, body, "
        "received_at, state) VALUES ('r2', 'issue', 'created', 'evaluate', 8, '{\"v2\":2}', "
        "2000, 'processed');"));
  }
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().message;
  auto pending = store->pending_deliveries(10);
  ASSERT_TRUE(pending) << pending.error().message;
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].request_id, "r1");
  EXPECT_EQ((*pending)[0].body, R"({"v2":1})");
  auto all = store->list_deliveries(std::nullopt, 10);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
  auto version = Statement::prepare(store->database(), "PRAGMA user_version");
  ASSERT_TRUE(version && *version->step());
  EXPECT_EQ(version->column_int(0), kSchemaVersion);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace autofixd::store
