#include "store/async_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

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

}  // namespace
}  // namespace autofixd::store
