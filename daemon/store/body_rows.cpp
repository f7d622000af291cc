// Retention of delivery bodies: a body is needed until its delivery is
// processed (and for a dead letter, until it is replayed); after that it is
// only a record, kept for [store] body_retention. Its digest is kept for the
// replay window only.
#include "store/body_digests.hpp"
#include "store/store.hpp"

namespace autofixd::store {

Result<BodyPrune> Store::prune_bodies(DeliveryId from, SysTime received_before,
                                      std::int64_t span) {
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  const std::int64_t lo = from.value;
  const std::int64_t hi = from.value + span;
  const std::int64_t cutoff = to_unix_ms(received_before);
  auto prune = Statement::prepare(
      db_,
      "DELETE FROM delivery_bodies WHERE delivery_id >= ?1 AND delivery_id < ?2 AND "
      "delivery_id IN (SELECT id FROM deliveries WHERE id >= ?1 AND id < ?2 AND "
      "received_at < ?3 AND state IN ('processed','ignored'))");
  if (!prune) return prune.error();
  prune->bind(1, lo).bind(2, hi).bind(3, cutoff);
  if (auto s = prune->run(); !s) return s.error();
  BodyPrune result;
  result.deleted = db_.changes();

  auto recent = Statement::prepare(
      db_, "SELECT EXISTS (SELECT 1 FROM deliveries WHERE id >= ?1 AND id < ?2 AND "
           "received_at >= ?3)");
  if (!recent) return recent.error();
  recent->bind(1, lo).bind(2, hi).bind(3, cutoff);
  auto row = recent->step();
  if (!row) return row.error();
  result.reached_recent = *row && recent->column_int(0) != 0;

  // Bodies pruned earlier leave gaps: the next range starts at a body.
  auto next = Statement::prepare(
      db_, "SELECT MIN(delivery_id) FROM delivery_bodies WHERE delivery_id >= ?1");
  if (!next) return next.error();
  next->bind(1, hi);
  row = next->step();
  if (!row) return row.error();
  if (*row && !next->column_is_null(0)) result.next = DeliveryId{next->column_int(0)};
  if (auto s = tx.commit(); !s) return s.error();
  return result;
}

Result<std::optional<DeliveryId>> Store::first_body() {
  auto stmt = Statement::prepare(db_, "SELECT MIN(delivery_id) FROM delivery_bodies");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row || stmt->column_is_null(0)) return std::optional<DeliveryId>{};
  return std::optional<DeliveryId>{DeliveryId{stmt->column_int(0)}};
}

Result<std::int64_t> Store::prune_body_digests(SysTime before, std::int64_t limit) {
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  auto deleted = digests::prune(db_, before, limit);
  if (!deleted) return deleted.error();
  auto left = digests::any_stored(db_);
  if (!left) return left.error();
  if (auto s = tx.commit(); !s) return s.error();
  // Once the table is empty, lookups stop asking it.
  keys_spilled_ = *left;
  return deleted;
}

}  // namespace autofixd::store
