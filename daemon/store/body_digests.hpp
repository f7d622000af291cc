#pragma once
// The replay window over delivery bodies (table body_digests, schema v7): a
// body byte-identical to one stored within kBodyReplayWindow is a duplicate,
// whatever its Request-ID. Rows are keyed by the digest's first 8 bytes (an
// integer rowid: compact, and cheap to insert) and keep the whole digest, so
// two bodies that only share a prefix are never taken for each other.
// Store thread only, inside the caller's transaction.

#include <cstdint>
#include <optional>

#include "store/records.hpp"
#include "store/sqlite.hpp"

namespace autofixd::store::digests {

// The delivery stored with exactly this body at most kBodyReplayWindow
// before `at`, if any.
Result<std::optional<DeliveryId>> find(Database& db, const BodyDigest& digest, SysTime at);

// Records that `delivery` was stored with this body at `at`. Returns false
// when a different body sharing the first 8 bytes holds the key within the
// window (odds about 2^-64 per pair): the delivery is stored all the same,
// only without replay protection, never refused.
Result<bool> remember(Database& db, const BodyDigest& digest, DeliveryId delivery, SysTime at);

// Deletes at most `limit` digests recorded before `before` (oldest first);
// returns how many went.
Result<std::int64_t> prune(Database& db, SysTime before, std::int64_t limit);

}  // namespace autofixd::store::digests
