#pragma once
// The replay window's digests: a body byte-identical to one stored within
// kBodyReplayWindow is a duplicate, whatever its Request-ID, and so is a
// Request-ID stored within it. Both are SHA-256 digests (a Request-ID's is
// domain-separated, see request_digest), known by their first 8 bytes.
//
// Since schema v11 the window lives in memory (RecentKeys) and table
// body_digests holds only what memory let go of: the oldest keys once more
// deliveries than the memory limit arrived within 24 h. Rows are keyed by
// the first 8 bytes (an integer rowid) and keep the whole digest, so two
// digests that only share a prefix are never taken for each other.
// Store thread only, inside the caller's transaction.

#include <cstdint>
#include <optional>
#include <string_view>

#include "store/records.hpp"
#include "store/sqlite.hpp"

namespace autofixd::store::digests {

// The digest's bytes, as SQLite binds and returns a BLOB.
std::string_view bytes_of(const BodyDigest& digest);

// The first 8 bytes, big-endian, as one integer: the key memory and the
// table know a digest by.
std::uint64_t key_of(const BodyDigest& digest);

// The digest a Request-ID is known by. The prefix keeps it apart from every
// body's digest (a body is JSON and cannot start with it).
BodyDigest request_digest(std::string_view request_id);

// The delivery stored with exactly this body at most kBodyReplayWindow
// before `at`, if any.
Result<std::optional<DeliveryId>> find(Database& db, const BodyDigest& digest, SysTime at);

// Records that `delivery` was stored with this body at `at`. Returns false
// when a different body sharing the first 8 bytes holds the key within the
// window (odds about 2^-64 per pair): the delivery is stored all the same,
// only without replay protection, never refused.
Result<bool> remember(Database& db, const BodyDigest& digest, DeliveryId delivery, SysTime at);

// Whether the table holds any row (lookups skip it while it holds none).
Result<bool> any_stored(Database& db);

// Deletes at most `limit` digests recorded before `before` (oldest first);
// returns how many went.
Result<std::int64_t> prune(Database& db, SysTime before, std::int64_t limit);

}  // namespace autofixd::store::digests
