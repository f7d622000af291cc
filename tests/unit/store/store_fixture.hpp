#pragma once
// A real store in a fresh temporary directory, and the rows store tests
// build on; shared by the store's unit tests.

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "store/store.hpp"

namespace autofixd::store {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("autofixd-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto opened = Store::open((dir_ / "sub" / "a.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    store_.emplace(std::move(*opened));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  NewDelivery delivery(std::string request_id, std::int64_t issue = 42) {
    return NewDelivery{std::move(request_id), "issue", "created", "evaluate", IssueId{issue},
                       "{}", now_};
  }

  DecisionRecord start_decision(std::int64_t issue, std::optional<DeliveryId> d = {}) {
    DecisionRecord r;
    r.delivery = d;
    r.issue = IssueId{issue};
    r.decided_at = now_;
    r.outcome = "start";
    r.rule = "backend";
    r.reason = "matched";
    r.detail = "rule matched";
    r.facts_json = "{}";
    return r;
  }

  std::filesystem::path dir_;
  std::optional<Store> store_;
  SysTime now_ = from_unix_ms(1'700'000'000'000);
};

}  // namespace autofixd::store
