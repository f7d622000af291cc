// bench/replay_window: what the replay window costs intake once more
// deliveries arrive within 24 h than memory holds their keys for (schema
// v11, daemon/store/replay_rows.cpp). Two stores take the same deliveries
// in group commits of 32, as AsyncStore commits them, and spill after each
// commit as it does: one with the default memory limit (nothing spills),
// one with a small limit (every delivery's keys are written to
// body_digests, 4096 deliveries at a time). Rounds alternate between the
// two so a busy machine slows both alike; both first take as many untimed
// deliveries as the small limit, so every timed one spills there, and the
// spilling store's body_digests first holds a flood's worth of keys (a
// sorted batch costs a page per key only once the table is much larger
// than the batch, as it is after hours past the limit). Prints
// deliveries/s and bytes written per delivery (wchar of /proc/self/io) for
// each, and the ratio.
//
//   autofixd_bench_replay [deliveries per round, default 8192] [rounds, default 6]
//                         [keys already spilled, default 1000000]

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "util/xxh128.hpp"

namespace {

using namespace autofixd;

std::int64_t bytes_written() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::int64_t value = 0;
  while (io >> key >> value) {
    if (key == "wchar:") return value;
  }
  return 0;
}

struct Side {
  const char* name;
  std::size_t limit;
  std::optional<store::Store> store;
  double seconds = 0;
  std::int64_t bytes = 0;
  std::int64_t deliveries = 0;
};

store::NewDelivery delivery(std::mt19937_64& random, std::int64_t n) {
  std::string body = R"({"action":"created","n":)" + std::to_string(n) + R"(,"pad":")";
  for (int i = 0; i < 64; ++i) body += std::to_string(random());
  body += "\"}";
  store::NewDelivery d{
      "bench-" + std::to_string(random()), "issue", "created", "evaluate", IssueId{1}, body,
      std::chrono::system_clock::now()};
  d.body_digest = autofixd::xxh3_128(body);
  return d;
}

void round(Side& side, std::mt19937_64& random, std::int64_t count, std::int64_t& next) {
  std::vector<store::NewDelivery> batch;
  const auto bytes_before = bytes_written();
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t i = 0; i < count; i += 32) {
    batch.clear();
    for (int j = 0; j < 32; ++j) batch.push_back(delivery(random, next++));
    auto stored = side.store->insert_deliveries(batch);
    if (!stored) {
      std::fprintf(stderr, "bench_replay: %s\n", stored.error().message.c_str());
      std::exit(1);
    }
    if (auto spilled = side.store->spill_recent_keys(); !spilled) {
      std::fprintf(stderr, "bench_replay: %s\n", spilled.error().message.c_str());
      std::exit(1);
    }
  }
  side.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  side.bytes += bytes_written() - bytes_before;
  side.deliveries += count;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t per_round = argc > 1 ? std::atoll(argv[1]) : 8192;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 6;
  const std::int64_t spilled_before = argc > 3 ? std::atoll(argv[3]) : 1'000'000;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("autofixd-bench-replay-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  Side sides[] = {{"keys in memory (default limit)", store::Store::kRecentKeysInMemory, {}},
                  // An eighth of it is the daemon's spill batch (kSpillBatch).
                  {"past the limit (every key spilled)", 8 * store::Store::kSpillBatch, {}}};
  for (Side& side : sides) {
    auto opened = store::Store::open((dir / (std::to_string(side.limit) + ".db")).string());
    if (!opened) {
      std::fprintf(stderr, "bench_replay: %s\n", opened.error().message.c_str());
      return 1;
    }
    side.store.emplace(std::move(*opened));
    side.store->set_recent_keys_limit(side.limit);
  }
  std::mt19937_64 random(16);
  std::int64_t next = 0;
  for (Side& side : sides) {
    round(side, random, static_cast<std::int64_t>(sides[1].limit), next);
    side.seconds = 0;  // untimed
    side.bytes = 0;
    side.deliveries = 0;
  }
  // Random keys, received now: live for the whole run.
  auto& db = sides[1].store->database();
  const auto filled =
      db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
              std::to_string(spilled_before) +
              ") INSERT OR IGNORE INTO body_digests (key, delivery_id, received_at) "
              "SELECT random(), 1, " +
              std::to_string(to_unix_ms(std::chrono::system_clock::now())) + " FROM n");
  if (!filled) {
    std::fprintf(stderr, "bench_replay: %s\n", filled.error().message.c_str());
    return 1;
  }
  for (int r = 0; r < rounds; ++r) {
    for (Side& side : sides) round(side, random, per_round, next);
  }
  std::printf("| replay window | deliveries/s | bytes written per delivery |\n|---|---|---|\n");
  for (const Side& side : sides) {
    std::printf("| %s | %.0f | %lld |\n", side.name, side.deliveries / side.seconds,
                static_cast<long long>(side.bytes / side.deliveries));
  }
  std::printf(
      "\npast the limit / in memory: %.2f (deliveries/s); group commits of 32, "
      "%lld timed deliveries each, %lld keys in body_digests before\n",
      (sides[1].deliveries / sides[1].seconds) / (sides[0].deliveries / sides[0].seconds),
      static_cast<long long>(sides[0].deliveries), static_cast<long long>(spilled_before));
  for (Side& side : sides) side.store.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
