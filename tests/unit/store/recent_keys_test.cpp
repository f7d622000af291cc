// The replay window's in-memory index: every key of every entry it still
// holds is found, forgotten entries never are, and its memory follows what
// it holds (a flood's worth is given back once the flood has aged out).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "store/recent_keys.hpp"

namespace autofixd::store {
namespace {

RecentKeys::Entry entry(std::int64_t delivery, std::int64_t at, std::uint64_t request,
                        std::optional<std::uint64_t> body = std::nullopt) {
  return {delivery, at, request, body.value_or(0), body.has_value()};
}

TEST(RecentKeys, FindsADeliveryByEitherKey) {
  RecentKeys keys;
  keys.add(entry(1, 100, 0xA1, 0xB1));
  keys.add(entry(2, 101, 0xA2));
  EXPECT_EQ(keys.deliveries_with(0xA1), std::vector<std::int64_t>{1});
  EXPECT_EQ(keys.deliveries_with(0xB1), std::vector<std::int64_t>{1});
  EXPECT_EQ(keys.deliveries_with(0xA2), std::vector<std::int64_t>{2});
  EXPECT_TRUE(keys.deliveries_with(0xB2).empty());
  EXPECT_TRUE(keys.deliveries_with(0).empty()) << "a missing body key is not key 0";
}

TEST(RecentKeys, ASharedKeyNamesEveryDeliveryThatHasIt) {
  RecentKeys keys;
  keys.add(entry(7, 100, 0x55, 0x66));
  keys.add(entry(8, 101, 0x66));  // one's body key is the other's request key
  keys.add(entry(9, 102, 0x77, 0x77));
  EXPECT_EQ(keys.deliveries_with(0x66), (std::vector<std::int64_t>{7, 8}));
  EXPECT_EQ(keys.deliveries_with(0x77), std::vector<std::int64_t>{9}) << "named once";
}

TEST(RecentKeys, ForgetsByAgeFromTheOldestOnly) {
  RecentKeys keys;
  keys.add(entry(1, 100, 1));
  keys.add(entry(2, 300, 2));
  keys.add(entry(3, 200, 3));  // arrived after 2 with an earlier time
  keys.forget_received_before(250);
  EXPECT_TRUE(keys.deliveries_with(1).empty());
  EXPECT_EQ(keys.size(), 2U) << "3 waits behind 2, which is still young";
  keys.forget_received_before(301);
  EXPECT_EQ(keys.size(), 0U);
  EXPECT_TRUE(keys.deliveries_with(2).empty());
  EXPECT_TRUE(keys.deliveries_with(3).empty());
}

TEST(RecentKeys, ForgetOldestKeepsTheRestFindable) {
  RecentKeys keys;
  for (std::int64_t i = 0; i < 100; ++i) keys.add(entry(i, i, 1000 + i, 5000 + i));
  keys.forget_oldest(60);
  EXPECT_EQ(keys.size(), 40U);
  EXPECT_EQ(keys.oldest(0).delivery, 60);
  for (std::int64_t i = 0; i < 100; ++i) {
    const auto by_request = keys.deliveries_with(1000 + static_cast<std::uint64_t>(i));
    const auto by_body = keys.deliveries_with(5000 + static_cast<std::uint64_t>(i));
    if (i < 60) {
      EXPECT_TRUE(by_request.empty() && by_body.empty()) << i;
    } else {
      EXPECT_EQ(by_request, std::vector<std::int64_t>{i});
      EXPECT_EQ(by_body, std::vector<std::int64_t>{i});
    }
  }
}

// Random adds and forgets against a plain reference, through many rebuilds
// (growing and shrinking), with keys drawn from a small range so they
// collide and share probe chains.
TEST(RecentKeys, AgreesWithAReferenceThroughRebuilds) {
  std::mt19937_64 random(16);
  RecentKeys keys;
  std::deque<RecentKeys::Entry> reference;
  std::int64_t next = 0;
  for (int round = 0; round < 20000; ++round) {
    const auto roll = random() % 100;
    if (roll < 70) {
      const bool body = random() % 2 == 0;
      const auto e = entry(next, next, random() % 4096,
                           body ? std::optional<std::uint64_t>(random() % 4096) : std::nullopt);
      ++next;
      keys.add(e);
      reference.push_back(e);
    } else {
      const std::size_t n = random() % (reference.size() / 4 + 2);
      keys.forget_oldest(n);
      reference.erase(reference.begin(), reference.begin() + static_cast<std::ptrdiff_t>(
                                                                 std::min(n, reference.size())));
    }
    ASSERT_EQ(keys.size(), reference.size());
    const std::uint64_t probe = random() % 4096;
    std::set<std::int64_t> expected;
    for (const auto& e : reference) {
      if (e.request_key == probe || (e.has_body_key && e.body_key == probe)) {
        expected.insert(e.delivery);
      }
    }
    const auto found = keys.deliveries_with(probe);
    ASSERT_EQ(std::vector<std::int64_t>(expected.begin(), expected.end()), found)
        << "round " << round << " key " << probe;
  }
}

TEST(RecentKeys, MemoryIsGivenBackWhenAFloodAgesOut) {
  RecentKeys keys;
  const std::size_t empty = keys.memory_bytes();
  for (std::int64_t i = 0; i < 100000; ++i) {
    keys.add(
        entry(i, i, static_cast<std::uint64_t>(i) * 7919, static_cast<std::uint64_t>(i) * 104729));
  }
  const std::size_t flooded = keys.memory_bytes();
  EXPECT_GT(flooded, 100000U * 2 * 8) << "two slots per delivery at least";
  EXPECT_LT(flooded, 100000U * 120) << "about 80 bytes per delivery, not more";
  keys.forget_received_before(99990);
  EXPECT_EQ(keys.size(), 10U);
  EXPECT_LT(keys.memory_bytes(), flooded / 100);
  EXPECT_GE(keys.memory_bytes(), empty);
}

}  // namespace
}  // namespace autofixd::store
