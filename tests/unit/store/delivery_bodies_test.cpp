// A delivery's body lives in a table of its own (schema v3), written once.

#include <gtest/gtest.h>

#include <filesystem>

#include "store/body_codec.hpp"
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
  auto text = decompress_body(body->column_blob(0));
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, R"({"kept":true})");
}

// Bodies are stored zstd-compressed, as BLOBs; every other column of the
// row stays plain for the sqlite3 shell.
TEST_F(StoreTest, BodiesAreStoredCompressed) {
  std::string body = R"({"action":"created","data":{"issue":{"title":")";
  for (int i = 0; i < 100; ++i) body += "frame " + std::to_string(i) + " in handler; ";
  body += R"("}}})";
  auto d = store_->insert_delivery(with_body(delivery("zipped"), body));
  ASSERT_TRUE(d);
  auto stored = Statement::prepare(
      store_->database(),
      "SELECT typeof(b.body), length(b.body), typeof(d.request_id), typeof(d.resource) "
      "FROM delivery_bodies b JOIN deliveries d ON d.id = b.delivery_id WHERE b.delivery_id = ?1");
  ASSERT_TRUE(stored);
  stored->bind(1, d->id.value);
  ASSERT_TRUE(*stored->step());
  EXPECT_EQ(stored->column_text(0), "blob");
  EXPECT_LT(stored->column_int(1), static_cast<std::int64_t>(body.size()) / 2);
  EXPECT_EQ(stored->column_text(2), "text");
  EXPECT_EQ(stored->column_text(3), "text");
  auto pending = store_->pending_deliveries(10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].body, body);
  EXPECT_EQ((*pending)[0].body_error, "");
}

// Bodies stored before compression (TEXT) are read as they are.
TEST_F(StoreTest, BodiesStoredAsTextBeforeCompressionStillRead) {
  auto d = store_->insert_delivery(with_body(delivery("old"), "ignored"));
  ASSERT_TRUE(d);
  auto old = Statement::prepare(store_->database(),
                                "UPDATE delivery_bodies SET body = ?2 WHERE delivery_id = ?1");
  ASSERT_TRUE(old);
  old->bind(1, d->id.value).bind(2, std::string(R"({"stored":"as text"})"));
  ASSERT_TRUE(old->run());
  auto pending = store_->pending_deliveries(10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].body, R"({"stored":"as text"})");
}

// A BLOB that is not a zstd frame: the delivery says why, the others read.
TEST_F(StoreTest, ACorruptBodyIsReportedOnItsDeliveryOnly) {
  auto a = store_->insert_delivery(with_body(delivery("corrupt"), "{}"));
  ASSERT_TRUE(store_->insert_delivery(with_body(delivery("fine"), R"({"ok":1})")));
  ASSERT_TRUE(a);
  auto bad = Statement::prepare(store_->database(),
                                "UPDATE delivery_bodies SET body = X'0011223344' WHERE delivery_id = ?1");
  ASSERT_TRUE(bad);
  bad->bind(1, a->id.value);
  ASSERT_TRUE(bad->run());
  auto pending = store_->pending_deliveries(10);
  ASSERT_TRUE(pending) << pending.error().message;
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_NE((*pending)[0].body_error.find("not a zstd frame"), std::string::npos)
      << (*pending)[0].body_error;
  EXPECT_EQ((*pending)[1].body, R"({"ok":1})");
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
