// bench/sqlite_floor: SQLite alone, storing webhook bodies as they are and
// compressed with zstd at levels -1 and 1-3, in the same run (issue 16: does a
// compressed body, which fits in a page instead of overflow pages, raise
// the disk-bound floor under durable intake?). Each variant commits
// transactions of ROWS rows (a unique random 32-hex key, as Request-IDs are,
// and the body), WAL and synchronous=FULL as the store has; compression
// happens inside the timed loop. Variants take turns, ROUNDS times, so
// noise from other work on the machine spreads over all of them.
//
// The body is the issue webhook fixture with a stack trace of TRACE_BYTES
// (default: up to 4 KB in all) whose frames vary as real ones do: it
// compresses about as a real Sentry payload does, unlike a run of one byte.
//
// Usage: autofixd_bench_sqlite DIR [--rows N] [--transactions N] [--rounds N]
//                              [--fixture FILE]

#include <sqlite3.h>
#include <zstd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Options {
  std::filesystem::path dir;
  int rows = 64;
  int transactions = 200;
  int rounds = 3;
  std::string fixture = "tests/fixtures/webhooks/issue_created.json";
};

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

// The fixture with a traceback in metadata.value, up to 4096 bytes.
std::string realistic_body(const std::string& fixture_path) {
  std::ifstream in(fixture_path);
  std::string fixture((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (fixture.empty()) throw std::runtime_error("cannot read " + fixture_path);
  static const char* kFiles[] = {"app/views/orders.py",     "app/models/cart.py",
                                 "lib/payments/client.py",  "django/core/handlers/base.py",
                                 "app/services/pricing.py", "sqlalchemy/orm/session.py",
                                 "app/tasks/invoice.py"};
  static const char* kFuncs[] = {"get_response", "checkout",       "apply_discount", "charge",
                                 "flush",        "render_invoice", "total_for",      "_execute"};
  std::mt19937 random(42);
  std::string trace = "Traceback (most recent call last):";
  const std::size_t room = 4096 - fixture.size();
  while (trace.size() + 120 < room) {
    trace += "\\n  File \\\"/srv/";
    trace += kFiles[random() % std::size(kFiles)];
    trace += "\\\", line " + std::to_string(10 + random() % 900) + ", in ";
    trace += kFuncs[random() % std::size(kFuncs)];
    trace += "\\n    result = handler(request, order_id=" + std::to_string(random() % 100000) + ")";
  }
  const std::string marker = "\"value\":\"";
  const auto at = fixture.find(marker);
  if (at == std::string::npos) throw std::runtime_error("no metadata.value in " + fixture_path);
  fixture.insert(at + marker.size(), trace + " ");
  return fixture;
}

std::string random_key(std::mt19937_64& random) {
  static const char* kHex = "0123456789abcdef";
  std::string key(32, '0');
  for (auto& c : key) c = kHex[random() % 16];
  return key;
}

struct Variant {
  std::string name;
  int level = 0;  // 0: stored as it is
  double seconds = 0;
  std::size_t rows = 0;
  std::size_t stored_bytes = 0;  // of one body
  std::uintmax_t file_bytes = 0;
};

void run_variant(Variant& v, const Options& o, const std::string& body, std::mt19937_64& random) {
  const auto path = o.dir / ("floor-" + v.name + ".db");
  sqlite3* db = nullptr;
  check(sqlite3_open(path.c_str(), &db), db, "open");
  check(sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                     "CREATE TABLE IF NOT EXISTS d (id INTEGER PRIMARY KEY, request_id TEXT NOT "
                     "NULL UNIQUE, body BLOB NOT NULL);",
                     nullptr, nullptr, nullptr),
        db, "schema");
  sqlite3_stmt* insert = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO d (request_id, body) VALUES (?1, ?2)", -1, &insert,
                           nullptr),
        db, "prepare");
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::vector<char> out(ZSTD_compressBound(body.size()));
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < o.transactions; ++t) {
    check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    for (int r = 0; r < o.rows; ++r) {
      const std::string key = random_key(random);
      sqlite3_bind_text(insert, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
      if (v.level == 0) {
        sqlite3_bind_text(insert, 2, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
        v.stored_bytes = body.size();
      } else {
        const std::size_t n =
            ZSTD_compressCCtx(cctx, out.data(), out.size(), body.data(), body.size(), v.level);
        if (ZSTD_isError(n)) throw std::runtime_error(ZSTD_getErrorName(n));
        sqlite3_bind_blob(insert, 2, out.data(), static_cast<int>(n), SQLITE_STATIC);
        v.stored_bytes = n;
      }
      check(sqlite3_step(insert), db, "insert");
      sqlite3_reset(insert);
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  }
  v.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  v.rows += static_cast<std::size_t>(o.transactions) * static_cast<std::size_t>(o.rows);
  ZSTD_freeCCtx(cctx);
  sqlite3_finalize(insert);
  check(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr), db,
        "checkpoint");
  sqlite3_close(db);
  v.file_bytes = std::filesystem::file_size(path);
}

Options parse(int argc, char** argv) {
  if (argc < 2) throw std::runtime_error("usage: autofixd_bench_sqlite DIR [options]");
  Options o;
  o.dir = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--rows")
      o.rows = std::stoi(value);
    else if (key == "--transactions")
      o.transactions = std::stoi(value);
    else if (key == "--rounds")
      o.rounds = std::stoi(value);
    else if (key == "--fixture")
      o.fixture = value;
    else
      throw std::runtime_error("unknown option " + key);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    const std::string body = realistic_body(o.fixture);
    // zstd-1: the fastest level, literals left without Huffman coding.
    std::vector<Variant> variants = {
        {"plain", 0}, {"zstd-1", -1}, {"zstd1", 1}, {"zstd2", 2}, {"zstd3", 3}};
    std::mt19937_64 random(std::random_device{}());
    for (int round = 0; round < o.rounds; ++round) {
      for (auto& v : variants) run_variant(v, o, body, random);
    }
    std::printf(
        "SQLite alone: %d rows per commit, WAL, synchronous=FULL, unique random key; "
        "body %zu bytes; %d rounds of %d commits per variant, taking turns\n\n",
        o.rows, body.size(), o.rounds, o.transactions);
    std::printf(
        "| body stored | bytes per body | file bytes per row | rows/s | vs plain |\n"
        "|---|---|---|---|---|\n");
    const double plain = variants[0].rows / variants[0].seconds;
    for (const auto& v : variants) {
      const double rate = v.rows / v.seconds;
      std::printf("| %s | %zu | %.0f | %.0f | %.2f |\n", v.name.c_str(), v.stored_bytes,
                  static_cast<double>(v.file_bytes) / static_cast<double>(v.rows), rate,
                  rate / plain);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "autofixd_bench_sqlite: %s\n", e.what());
    return 1;
  }
}
