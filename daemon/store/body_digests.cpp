#include "store/body_digests.hpp"

#include <cstring>
#include <string>
#include <string_view>

namespace autofixd::store::digests {
namespace {

// The key as SQLite's signed 64-bit rowid.
std::int64_t rowid_of(std::uint64_t key) {
  std::int64_t out = 0;
  std::memcpy(&out, &key, sizeof out);
  return out;
}

std::int64_t window_start(SysTime at) { return to_unix_ms(at - kBodyReplayWindow); }

}  // namespace

std::uint64_t key_of(std::string_view digest) {
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < 8; ++i) key = (key << 8) | static_cast<unsigned char>(digest[i]);
  return key;
}

Status attach_spill_table(Database& db) {
  // The temp_store pragma keeps it on disk: in memory it would be bounded
  // by nothing. Its page cache is SQLite's default 2 MiB (8 MiB measured
  // the same). Its rollback journal stays a temporary file too: in memory
  // it saved 13 % of a delivery's CPU past the limit, but a spill into a
  // table of a million keys journals thousands of pages, and the process
  // peaked 60 MB higher (bench/RESULTS.md).
  return db.exec(
      "PRAGMA temp_store = FILE;"
      "ATTACH DATABASE '' AS replay;"
      "CREATE TABLE replay.body_digests ("
      "  key         INTEGER PRIMARY KEY,"
      "  delivery_id INTEGER NOT NULL,"
      "  received_at INTEGER NOT NULL);"
      "CREATE INDEX replay.body_digests_age ON body_digests(received_at);");
}

Xxh128Digest request_digest(std::string_view request_id) {
  constexpr std::string_view kPrefix = "autofixd request-id\n";
  // Request-IDs are at most 128 characters (intake refuses longer ones):
  // the text is put together on the stack.
  std::array<char, 256> text;
  if (kPrefix.size() + request_id.size() <= text.size()) {
    std::memcpy(text.data(), kPrefix.data(), kPrefix.size());
    std::memcpy(text.data() + kPrefix.size(), request_id.data(), request_id.size());
    return xxh3_128({text.data(), kPrefix.size() + request_id.size()});
  }
  std::string longer(kPrefix);
  longer.append(request_id);
  return xxh3_128(longer);
}

Result<std::optional<DeliveryId>> find(Database& db, std::uint64_t key, SysTime at) {
  auto stmt = Statement::prepare(
      db, "SELECT delivery_id FROM body_digests WHERE key = ?1 AND received_at >= ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, rowid_of(key)).bind(2, window_start(at));
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<DeliveryId>{};
  return std::optional<DeliveryId>{DeliveryId{stmt->column_int(0)}};
}

Result<bool> remember(Database& db, std::uint64_t key, DeliveryId delivery, SysTime at) {
  // An expired row under the same key gives way; a live one keeps it.
  auto stmt = Statement::prepare(
      db,
      "INSERT INTO body_digests (key, delivery_id, received_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(key) DO UPDATE SET delivery_id = excluded.delivery_id, "
      "received_at = excluded.received_at "
      "WHERE body_digests.received_at < ?4 OR body_digests.delivery_id = excluded.delivery_id");
  if (!stmt) return stmt.error();
  stmt->bind(1, rowid_of(key)).bind(2, delivery.value);
  stmt->bind(3, to_unix_ms(at)).bind(4, window_start(at));
  if (auto s = stmt->run(); !s) return s.error();
  return db.changes() == 1;
}

Result<std::int64_t> prune(Database& db, SysTime before, std::int64_t limit) {
  auto stmt =
      Statement::prepare(db,
                         "DELETE FROM body_digests WHERE key IN (SELECT key FROM body_digests "
                         "WHERE received_at < ?1 ORDER BY received_at LIMIT ?2)");
  if (!stmt) return stmt.error();
  stmt->bind(1, to_unix_ms(before)).bind(2, limit);
  if (auto s = stmt->run(); !s) return s.error();
  return static_cast<std::int64_t>(db.changes());
}

Result<bool> any_stored(Database& db) {
  auto stmt = Statement::prepare(db, "SELECT EXISTS (SELECT 1 FROM body_digests)");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return *row && stmt->column_int(0) != 0;
}

}  // namespace autofixd::store::digests
