#include "store/async_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <optional>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

namespace autofixd::store {
namespace {

class AsyncStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("autofixd-async-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }

  static NewDelivery delivery(std::string id) {
    return NewDelivery{std::move(id), "issue", "created", "evaluate", IssueId{1}, "{}", SysTime{}};
  }

  std::filesystem::path path_;
};

TEST_F(AsyncStoreTest, ConcurrentDeliveriesAreAllCommittedAndDuplicatesReported) {
  auto opened = Store::open(path_.string());
  ASSERT_TRUE(opened);
  net::io_context ioc;
  AsyncStore store(std::move(*opened));
  int accepted = 0, duplicates = 0, failed = 0;
  auto send = [&](std::string id) -> net::awaitable<void> {
    auto r = co_await store.insert_delivery(delivery(std::move(id)));
    if (!r) ++failed;
    else if (r->duplicate) ++duplicates;
    else ++accepted;
  };
  for (int i = 0; i < 200; ++i) {
    net::co_spawn(ioc, send("req-" + std::to_string(i % 150)), net::detached);
  }
  ioc.run();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(accepted, 150);
  EXPECT_EQ(duplicates, 50);
}

TEST_F(AsyncStoreTest, OverloadedQueueFailsFastInsteadOfGrowing) {
  auto opened = Store::open(path_.string());
  ASSERT_TRUE(opened);
  net::io_context ioc;
  AsyncStore store(std::move(*opened), /*max_queued=*/1);
  int overloaded = 0, ok = 0;
  auto send = [&](std::string id) -> net::awaitable<void> {
    auto r = co_await store.insert_delivery(delivery(std::move(id)));
    if (r) ++ok;
    else if (r.error().code == "store.overloaded") ++overloaded;
  };
  for (int i = 0; i < 50; ++i) net::co_spawn(ioc, send("r" + std::to_string(i)), net::detached);
  ioc.run();
  EXPECT_GE(ok, 1);
  EXPECT_GE(overloaded, 1);
  EXPECT_EQ(ok + overloaded, 50);
}

// What queued up while the store thread was busy runs as one group: a call
// made after a delivery must see it (the sweep's check for issues never seen
// must not miss a webhook committed in the same group).
TEST_F(AsyncStoreTest, ACallSeesEveryDeliveryQueuedBeforeIt) {
  auto opened = Store::open(path_.string());
  ASSERT_TRUE(opened);
  net::io_context ioc;
  AsyncStore store(std::move(*opened));
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> holding{false};
  auto hold = [&]() -> net::awaitable<void> {
    auto job = [released, &holding](Store&) {
      holding = true;
      released.wait();
      return Status{};
    };
    (void)co_await store.call(std::move(job));
  };
  net::co_spawn(ioc, hold(), net::detached);
  ioc.poll();
  while (!holding) std::this_thread::yield();

  auto deliver = [&]() -> net::awaitable<void> {
    (void)co_await store.insert_delivery(delivery("webhook"));
  };
  std::optional<bool> seen;
  auto look = [&]() -> net::awaitable<void> {
    auto job = [](Store& s) -> Result<bool> {
      auto unseen = s.unseen_issues({IssueId{1}});
      if (!unseen) return unseen.error();
      return unseen->empty();
    };
    auto known = co_await store.call(std::move(job));
    if (known) seen = *known;
  };
  net::co_spawn(ioc, deliver(), net::detached);
  ioc.poll();
  net::co_spawn(ioc, look(), net::detached);
  ioc.poll();
  release.set_value();
  ioc.restart();
  ioc.run();
  ASSERT_TRUE(seen.has_value());
  EXPECT_TRUE(*seen) << "the call ran before the delivery queued ahead of it";
}

}  // namespace
}  // namespace autofixd::store
