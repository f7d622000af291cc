#include "store/recent_keys.hpp"

#include <algorithm>
#include <bit>

namespace autofixd::store {
namespace {

constexpr std::size_t kMinSlots = 64;

// Keys are digest prefixes (uniform already); the mix only guards against
// a caller handing in structured keys.
std::size_t slot_of(std::uint64_t key, std::size_t mask) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  return static_cast<std::size_t>(key) & mask;
}

}  // namespace

void RecentKeys::add(const Entry& entry) {
  const std::size_t adding = keys_of(entry);
  if (slots_.empty() || (used_slots_ + adding) * 10 > slots_.size() * 7) {
    rebuild(live_keys_ + adding);
  }
  const std::uint64_t seq = next_seq_++;
  entries_.push_back(entry);
  insert_slot(entry.request_key, seq);
  if (entry.has_body_key) insert_slot(entry.body_key, seq);
  live_keys_ += adding;
}

void RecentKeys::insert_slot(std::uint64_t key, std::uint64_t seq) {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
    if (slots_[i].tag == 0) {
      slots_[i] = {tag_of(key), static_cast<std::uint32_t>(seq)};
      ++used_slots_;
      return;
    }
  }
}

const RecentKeys::Entry* RecentKeys::entry_of(const Slot& slot) const {
  const std::uint32_t offset = slot.seq - static_cast<std::uint32_t>(first_seq_);
  return offset < entries_.size() ? &entries_[offset] : nullptr;
}

// Sized so the live keys fill at most half: a rebuild is due again only
// after a fifth as many inserts as there are live keys, at the earliest.
// A new vector, not assign(): a shrunk table gives its memory back.
void RecentKeys::rebuild(std::size_t live_keys) {
  const std::size_t wanted = std::max(kMinSlots, std::bit_ceil(live_keys * 2));
  std::vector<Slot>(wanted).swap(slots_);
  used_slots_ = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    insert_slot(e.request_key, first_seq_ + i);
    if (e.has_body_key) insert_slot(e.body_key, first_seq_ + i);
  }
}

std::vector<std::int64_t> RecentKeys::deliveries_with(std::uint64_t key) const {
  std::vector<std::int64_t> found;
  if (slots_.empty()) return found;
  const std::size_t mask = slots_.size() - 1;
  const std::uint32_t tag = tag_of(key);
  for (std::size_t i = slot_of(key, mask); slots_[i].tag != 0; i = (i + 1) & mask) {
    if (slots_[i].tag != tag) continue;
    const Entry* e = entry_of(slots_[i]);
    if (e != nullptr && (e->request_key == key || (e->has_body_key && e->body_key == key))) {
      found.push_back(e->delivery);
    }
  }
  // Probing order is not age order; a delivery whose two keys are equal
  // shows once.
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

void RecentKeys::forget_received_before(std::int64_t cutoff_ms) {
  std::size_t count = 0;
  while (count < entries_.size() && entries_[count].received_ms < cutoff_ms) ++count;
  forget_oldest(count);
}

void RecentKeys::forget_oldest(std::size_t count) {
  count = std::min(count, entries_.size());
  for (std::size_t i = 0; i < count; ++i) {
    live_keys_ -= keys_of(entries_.front());
    entries_.pop_front();
    ++first_seq_;
  }
  // Slots of forgotten entries stay (dead) until the next rebuild; once few
  // keys are live in a large table, rebuild now to give the memory back.
  if (slots_.size() > kMinSlots && live_keys_ * 16 < slots_.size()) rebuild(live_keys_);
}

std::size_t RecentKeys::memory_bytes() const {
  return slots_.capacity() * sizeof(Slot) + entries_.size() * sizeof(Entry);
}

}  // namespace autofixd::store
