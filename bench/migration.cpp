// bench/migration: how long the newest schema migration (v10 → v11, which
// copies the deliveries table) keeps a large store from starting. Seeds a
// store at v10 with N deliveries, each with a stored body of 1.2 KB (what a
// compressed Sentry payload takes), a decision for one in ten, and the body
// digests of the last day's tenth; then times Store::open, which migrates
// to v11 as the daemon's start does, and prints the rows per second and the
// file's size. The daemon runs migrations
// before it tells systemd it is ready, and systemd stops waiting after
// TimeoutStartSec (90 s by default): store/migrations.cpp keeps extending
// that while a migration makes progress.
//
//   autofixd_bench_migration [deliveries, default 1000000]

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "store/store.hpp"

namespace {

using namespace autofixd;
using Steady = std::chrono::steady_clock;

void check(const Status& status, const char* what) {
  if (!status) {
    std::fprintf(stderr, "bench_migration: %s: %s\n", what, status.error().message.c_str());
    std::exit(1);
  }
}

double seconds_since(Steady::time_point start) {
  return std::chrono::duration<double>(Steady::now() - start).count();
}

// Rows [first, first + count) of every table the migration reads, in one
// transaction.
void seed(store::Database& db, long first, long count) {
  const std::string range = "WITH RECURSIVE n(i) AS (SELECT " + std::to_string(first) +
                            " UNION ALL SELECT i + 1 FROM n WHERE i < " +
                            std::to_string(first + count - 1) + ") ";
  check(db.exec("BEGIN"), "begin");
  check(db.exec("INSERT INTO deliveries (id, request_id, resource, action, handling, issue_id, "
                "received_at, state, processed_at) " +
                range +
                "SELECT i, printf('%032x', i), 'issue', 'created', 'evaluate', i % 5000, "
                "1700000000000 + i, 'processed', 1700000000000 + i FROM n"),
        "deliveries");
  check(db.exec("INSERT INTO delivery_bodies (delivery_id, body) " + range +
                "SELECT i, randomblob(1200) FROM n"),
        "delivery_bodies");
  check(db.exec("INSERT INTO decisions (delivery_id, issue_id, decided_at, outcome, rule, reason, "
                "detail, facts) " +
                range +
                "SELECT i, i % 5000, 1700000000000 + i, 'skip', 'all', 'already_running', '', "
                "'{}' FROM n WHERE i % 10 = 0"),
        "decisions");
  check(db.exec("INSERT INTO body_digests (key, digest, delivery_id, received_at) " + range +
                "SELECT i, randomblob(32), i, 1700000000000 + i FROM n WHERE i % 10 = 1"),
        "body_digests");
  check(db.exec("COMMIT"), "commit");
}

// The store as the daemon keeps it: WAL (persistent in the file) and
// synchronous=FULL.
store::Database open_v10_store(const std::string& path) {
  auto db = store::Database::open(path);
  if (!db) {
    std::fprintf(stderr, "bench_migration: %s\n", db.error().message.c_str());
    std::exit(1);
  }
  check(db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"), "pragmas");
  check(store::migrate(*db, 10), "migrate to v10");
  return std::move(*db);
}

void drop_from_page_cache(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0 || ::fdatasync(fd) != 0 || ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0) {
    std::perror("bench_migration: evicting the store from the page cache");
    std::exit(1);
  }
  ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  const long deliveries = argc > 1 ? std::atol(argv[1]) : 1000000;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("autofixd-bench-migration-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "autofixd.db").string();
  {
    auto db = open_v10_store(path);
    const auto seeding = Steady::now();
    constexpr long kChunk = 100000;
    for (long first = 1; first <= deliveries; first += kChunk) {
      seed(db, first, std::min(kChunk, deliveries - first + 1));
    }
    check(db.exec("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint");
    std::printf("seeded %ld deliveries at schema v10 in %.1f s; store %.0f MB\n", deliveries,
                seconds_since(seeding), std::filesystem::file_size(path) / 1e6);
  }
  // As after a reboot: the store is read from the disk, not from the cache.
  drop_from_page_cache(path);
  {
    // What the daemon's start does: Store::open migrates.
    const auto migrating = Steady::now();
    auto store = store::Store::open(path);
    const double took = seconds_since(migrating);
    if (!store) {
      std::fprintf(stderr, "bench_migration: %s\n", store.error().message.c_str());
      return 1;
    }
    std::printf("migration to v%d, store not in the page cache: %.1f s (%.0f deliveries/s)\n",
                store::kSchemaVersion, took, deliveries / took);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
