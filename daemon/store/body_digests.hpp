#pragma once
// The replay window's digests: a body byte-identical to one stored within
// kBodyReplayWindow is a duplicate, whatever its Request-ID, and so is a
// Request-ID stored within it. A body is known by its XXH3-128 (a row an
// earlier build stored, by its SHA-256), a Request-ID by a domain-separated
// XXH3-128 (see request_digest); each by its first 8 bytes.
//
// Since schema v11 the window lives in memory (RecentKeys) and table
// body_digests holds only what memory let go of: the oldest keys once more
// deliveries than the memory limit arrived within 24 h. Rows are keyed by
// the first 8 bytes (an integer rowid) and name a delivery, a candidate the
// caller confirms against the delivery's row (which holds the whole digest
// and Request-ID), so two digests that only share a prefix are never taken
// for each other.
//
// Since schema v12 that table is not in the store file but in a private
// temporary database of the connection (SQLite's `ATTACH ''`: a file in its
// temp directory, unlinked as soon as it is opened, never synced, gone with
// the process even after kill -9). Its rows are derived from the
// deliveries rows, and each start rebuilds them (Store::load_recent_keys):
// a spill then costs B-tree inserts, not a WAL, an fsync and a checkpoint.
// Store thread only, inside the caller's transaction.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "store/records.hpp"
#include "store/sqlite.hpp"
#include "util/xxh128.hpp"

namespace autofixd::store::digests {

// A digest's bytes, as SQLite binds and returns a BLOB.
template <std::size_t N>
std::string_view bytes_of(const std::array<unsigned char, N>& digest) {
  return {reinterpret_cast<const char*>(digest.data()), N};
}

// The first 8 bytes, big-endian, as one integer: the key memory and the
// table know a digest by. `digest` holds at least 8 bytes.
std::uint64_t key_of(std::string_view digest);
template <std::size_t N>
std::uint64_t key_of(const std::array<unsigned char, N>& digest) {
  static_assert(N >= 8);
  return key_of(bytes_of(digest));
}

// Attaches the connection's private database `replay` holding an empty
// body_digests (each connection has its own; the daemon's is the only one
// that writes).
Status attach_spill_table(Database& db);

// The digest a Request-ID is known by. The prefix keeps it apart from every
// body's digest (a body is JSON and cannot start with it). Never stored:
// memory and the spill table are rebuilt from the rows' Request-IDs at each
// start, so the algorithm is free to change between versions.
Xxh128Digest request_digest(std::string_view request_id);

// The delivery whose digest has this key (key_of), stored at most
// kBodyReplayWindow before `at`, if any: a candidate, to be confirmed
// against its row.
Result<std::optional<DeliveryId>> find(Database& db, std::uint64_t key, SysTime at);

// Records that `delivery`, stored at `at`, has a digest with this key.
// Returns false when another delivery holds the key within the window (a
// different digest sharing the first 8 bytes, odds about 2^-64 per pair):
// the delivery is stored all the same, only without replay protection past
// memory, never refused.
Result<bool> remember(Database& db, std::uint64_t key, DeliveryId delivery, SysTime at);

// Whether the table holds any row (lookups skip it while it holds none).
Result<bool> any_stored(Database& db);

// Deletes at most `limit` digests recorded before `before` (oldest first);
// returns how many went.
Result<std::int64_t> prune(Database& db, SysTime before, std::int64_t limit);

}  // namespace autofixd::store::digests
