// The replay window (schema v11): keys of the last 24 h of deliveries in
// memory, confirmed against the stored rows; the oldest in table
// body_digests once memory holds its limit (store/body_digests.hpp).
#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

#include "store/body_digests.hpp"
#include "store/store.hpp"
#include "util/hmac.hpp"

namespace autofixd::store {
namespace {

// A stored delivery's part in the window, as a restart or a spill reads it:
// its keys, and whether its body digest is the SHA-256 an earlier build
// stored (32 bytes; XXH3's are 16).
struct WindowRow {
  std::int64_t id = 0;
  std::int64_t received_ms = 0;
  std::uint64_t request_key = 0;
  std::optional<std::uint64_t> body_key;
  bool body_sha256 = false;
};

constexpr const char* kWindowColumns = "SELECT id, received_at, request_id, body_digest ";

WindowRow window_row(Statement& stmt) {
  WindowRow row;
  row.id = stmt.column_int(0);
  row.received_ms = stmt.column_int(1);
  row.request_key = digests::key_of(digests::request_digest(stmt.column_text(2)));
  const std::string body = stmt.column_is_null(3) ? std::string() : stmt.column_blob(3);
  if (body.size() == 16 || body.size() == 32) {
    row.body_key = digests::key_of(body);
    row.body_sha256 = body.size() == 32;
  }
  return row;
}

RecentKeys::Entry entry_of(const WindowRow& row) {
  return {row.id, row.received_ms, row.request_key, row.body_key.value_or(0),
          row.body_key.has_value()};
}

// Writes the rows' digests to body_digests, in key order (neighbouring
// keys share pages). Inside the caller's transaction.
Status remember_rows(Database& db, const std::vector<WindowRow>& rows) {
  struct Key {
    std::uint64_t key;
    std::int64_t delivery;
    std::int64_t received_ms;
  };
  std::vector<Key> keys;
  keys.reserve(rows.size() * 2);
  for (const WindowRow& row : rows) {
    keys.push_back({row.request_key, row.id, row.received_ms});
    if (row.body_key) keys.push_back({*row.body_key, row.id, row.received_ms});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) { return a.key < b.key; });
  for (const Key& k : keys) {
    auto kept =
        digests::remember(db, k.key, DeliveryId{k.delivery}, from_unix_ms(k.received_ms));
    if (!kept) return kept.error();
    if (!*kept) {
      spdlog::warn(
          "delivery {}: another delivery of the last 24 h shares its digest's first 8 "
          "bytes; it keeps replay protection only while its key is in memory",
          k.delivery);
    }
  }
  return {};
}

}  // namespace

Result<std::optional<InsertedDelivery>> Store::find_stored_copy(const NewDelivery& d,
                                                                const Xxh128Digest& request) {
  using Found = std::optional<InsertedDelivery>;
  const std::int64_t window_start = to_unix_ms(d.received_at - kBodyReplayWindow);
  recent_.forget_received_before(window_start);
  auto stored = Statement::prepare(
      db_, "SELECT request_id, body_digest, received_at FROM deliveries WHERE id = ?1");
  if (!stored) return stored.error();
  // Reads the row a key names; false when it is gone or another's. A body
  // matches when the row holds the same digest (`body_digest`), a
  // Request-ID when the row holds the same text (`body_digest` empty).
  auto confirm = [&](std::int64_t id, std::string_view body_digest) -> Result<bool> {
    stored->reset();
    stored->bind(1, id);
    auto row = stored->step();
    if (!row) return row.error();
    if (!*row) return false;
    if (body_digest.empty()) return stored->column_text(0) == d.request_id;
    return !stored->column_is_null(1) && stored->column_blob(1) == body_digest &&
           stored->column_int(2) >= window_start;
  };

  // The delivery stored under `digest` (the body's or the Request-ID's):
  // a key in memory confirmed against its row, else the table, if any.
  auto stored_under = [&](std::string_view digest,
                          bool by_body) -> Result<std::optional<DeliveryId>> {
    const std::uint64_t key = digests::key_of(digest);
    for (const std::int64_t id : recent_.deliveries_with(key)) {
      auto same = confirm(id, by_body ? digest : std::string_view{});
      if (!same) return same.error();
      if (*same) return std::optional<DeliveryId>{DeliveryId{id}};
    }
    if (!keys_spilled_) return std::optional<DeliveryId>{};
    auto candidate = digests::find(db_, key, d.received_at);
    if (!candidate || !*candidate) return candidate;
    auto same = confirm((*candidate)->value, by_body ? digest : std::string_view{});
    if (!same) return same.error();
    return *same ? *candidate : std::optional<DeliveryId>{};
  };

  if (d.body_digest) {
    auto by_body = stored_under(digests::bytes_of(*d.body_digest), true);
    if (!by_body) return by_body.error();
    if (*by_body) return Found{InsertedDelivery{**by_body, true, true}};
    // Rows stored by earlier builds know their bodies by SHA-256: until the last of
    // them leaves the window, a copy of one is looked up by that digest too.
    if (to_unix_ms(d.received_at) < sha256_bodies_until_ms_) {
      const Sha256Digest legacy = sha256(d.body);
      auto by_legacy = stored_under(digests::bytes_of(legacy), true);
      if (!by_legacy) return by_legacy.error();
      if (*by_legacy) return Found{InsertedDelivery{**by_legacy, true, true}};
    }
  }
  auto by_request = stored_under(digests::bytes_of(request), false);
  if (!by_request) return by_request.error();
  if (*by_request) return Found{InsertedDelivery{**by_request, true, false}};
  return Found{};
}

Status Store::load_recent_keys() {
  if (recent_loaded_) return {};
  // Inside a caller's transaction nothing is written (a rollback would lose
  // it): memory takes every key, and the next spill moves the oldest.
  const bool may_write = !db_.in_transaction();
  std::optional<Transaction> tx;
  if (may_write) {
    tx.emplace(db_);
    if (!tx->began()) return tx->began().error();
  }
  auto stmt =
      Statement::prepare(db_, std::string(kWindowColumns) + "FROM deliveries ORDER BY id DESC");
  if (!stmt) return stmt.error();
  auto first = stmt->step();
  if (!first) return first.error();
  // The window ends now, or at the newest delivery if the clock is behind
  // it. Row ids follow arrival, and received_at nearly so: reading back
  // from the newest, the window's rows end an hour past its start at the
  // latest.
  const std::int64_t now = to_unix_ms(std::chrono::system_clock::now());
  const std::int64_t window_start =
      (*first ? std::min(now, stmt->column_int(1)) : now) - kBodyReplayWindow.count();
  const std::int64_t read_until = window_start - 3600 * 1000;
  constexpr std::size_t kWriteEvery = 16384;
  std::vector<WindowRow> kept;      // newest first
  std::vector<WindowRow> overflow;  // older than what memory holds
  std::size_t spilled = 0;
  std::int64_t sha256_bodies_until = 0;
  for (bool more = *first; more;) {
    const std::int64_t received = stmt->column_int(1);
    if (received < read_until) break;
    if (received >= window_start) {
      const WindowRow row = window_row(*stmt);
      if (row.body_sha256) {
        sha256_bodies_until = std::max(sha256_bodies_until, received + kBodyReplayWindow.count());
      }
      if (kept.size() < recent_limit_ || !may_write) {
        kept.push_back(row);
      } else {
        overflow.push_back(row);
        ++spilled;
      }
    }
    if (overflow.size() >= kWriteEvery) {
      if (auto s = remember_rows(db_, overflow); !s) return s;
      overflow.clear();
    }
    auto next = stmt->step();
    if (!next) return next.error();
    more = *next;
  }
  if (auto s = remember_rows(db_, overflow); !s) return s;
  auto any = digests::any_stored(db_);
  if (!any) return any.error();
  if (tx) {
    if (auto s = tx->commit(); !s) return s;
  }
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) recent_.add(entry_of(*it));
  keys_spilled_ = *any;
  sha256_bodies_until_ms_ = sha256_bodies_until;
  recent_loaded_ = true;
  if (spilled > 0) {
    spdlog::info(
        "store: {} deliveries arrived in the last 24 h; memory holds the keys of the "
        "newest {}, the store those of the rest",
        kept.size() + spilled, kept.size());
  }
  return {};
}

Result<std::size_t> Store::spill_recent_keys() {
  if (recent_.size() <= recent_limit_) return std::size_t{0};
  // A few thousand at a time: the store thread writes them between two
  // group commits, and intake waits that long (a few milliseconds).
  const std::size_t batch = std::clamp<std::size_t>(recent_limit_ / 8, 1, kSpillBatch);
  const std::size_t count = std::min(recent_.size(), recent_.size() - recent_limit_ + batch);
  // Entries follow row ids; those a rolled-back insert left name no row (or
  // a later one, which is then written once more: harmless).
  const std::int64_t first = recent_.oldest(0).delivery;
  const std::int64_t last = recent_.oldest(count - 1).delivery;
  const std::int64_t newest_ms = recent_.oldest(recent_.size() - 1).received_ms;
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  auto stmt = Statement::prepare(db_, std::string(kWindowColumns) +
                                          "FROM deliveries WHERE id >= ?1 AND id <= ?2 AND "
                                          "received_at >= ?3");
  if (!stmt) return stmt.error();
  stmt->bind(1, std::min(first, last)).bind(2, std::max(first, last));
  stmt->bind(3, newest_ms - kBodyReplayWindow.count());
  std::vector<WindowRow> rows;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    rows.push_back(window_row(*stmt));
  }
  if (auto s = remember_rows(db_, rows); !s) return s.error();
  if (auto s = tx.commit(); !s) return s.error();
  // Only once they are durable in the table.
  recent_.forget_oldest(count);
  keys_spilled_ = keys_spilled_ || !rows.empty();
  return count;
}

}  // namespace autofixd::store
