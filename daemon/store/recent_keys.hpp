#pragma once
// The replay window's keys in memory (schema v11): for each delivery stored
// in the last 24 h, the 8-byte keys of its Request-ID digest and its body
// digest, mapped to the delivery. A B-tree keyed by digests takes every
// insert at a random page (each delivery dirtied two 4 KB pages of the WAL);
// here inserts cost a hash-table slot and the delivery row itself carries
// what a restart needs to rebuild the index.
//
// A key found here only names a candidate: the caller confirms it against
// the stored row (a key may be shared, or left by a rolled-back insert),
// so a stale entry can never make a new delivery a duplicate.
//
// Entries arrive in delivery order. Pure: no SQL, no clock, no threads.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace autofixd::store {

class RecentKeys {
 public:
  struct Entry {
    std::int64_t delivery = 0;
    std::int64_t received_ms = 0;
    std::uint64_t request_key = 0;
    std::uint64_t body_key = 0;
    bool has_body_key = false;
  };

  void add(const Entry& entry);

  // Deliveries whose request or body key equals `key`, oldest first.
  std::vector<std::int64_t> deliveries_with(std::uint64_t key) const;

  // Forgets entries from the oldest while they were received before
  // `cutoff_ms` (arrival order is close to time order; one received a little
  // earlier than its predecessor goes at the next call).
  void forget_received_before(std::int64_t cutoff_ms);
  // Forgets the `count` oldest entries (moved to the store, see spill).
  void forget_oldest(std::size_t count);

  std::size_t size() const { return entries_.size(); }
  const Entry& oldest(std::size_t i) const { return entries_[i]; }
  // Bytes held, for the memory gauge and tests.
  std::size_t memory_bytes() const;

 private:
  // Open addressing, linear probing, 8 bytes a slot: a tag from the key
  // (its high half, low bit set so that 0 means empty) and the entry's
  // sequence number modulo 2^32; the entry holds the whole key. A slot whose
  // entry was forgotten is dead but keeps probe chains intact; rebuilding
  // (when live and dead slots fill 70 %) drops the dead, long before 2^32
  // more entries could make a dead slot's number look live again.
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t seq = 0;
  };
  static std::uint32_t tag_of(std::uint64_t key) {
    return static_cast<std::uint32_t>(key >> 32) | 1U;
  }

  void insert_slot(std::uint64_t key, std::uint64_t seq);
  void rebuild(std::size_t live_keys);
  std::size_t keys_of(const Entry& e) const { return e.has_body_key ? 2 : 1; }
  // The entry a slot names, or null when it was forgotten.
  const Entry* entry_of(const Slot& slot) const;

  std::deque<Entry> entries_;
  std::uint64_t first_seq_ = 0;  // sequence number of entries_.front()
  std::uint64_t next_seq_ = 0;
  std::vector<Slot> slots_;
  std::size_t used_slots_ = 0;  // live and dead
  std::size_t live_keys_ = 0;
};

}  // namespace autofixd::store
