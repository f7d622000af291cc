#pragma once
// Deliveries parsed at intake, kept for the processor, so that a delivery's
// body is parsed once and not read back from the store. Bounded by memory:
// past its budget a delivery is simply not kept, and the processor reads and
// parses the stored body instead (as it does for everything after a restart).
// Not thread-safe: intake and the processor share the network thread.

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "intake/envelope.hpp"
#include "util/ids.hpp"

namespace autofixd::intake {

// About what keeping `envelope` costs: the struct, its map node and the heap
// bytes of its strings. An estimate (allocator overhead is not counted).
std::size_t kept_bytes(const Envelope& envelope);

class ParsedDeliveries {
 public:
  // An envelope is about 1 KB, so some 16,000 deliveries: a flood of several
  // seconds that the processor has not caught up with yet. Once that was 1,024,
  // and a flood the processor fell behind on made it parse every later body a
  // second time, read back from the store: behind, it only fell further behind.
  static constexpr std::size_t kDefaultMaxBytes = 16u << 20;

  explicit ParsedDeliveries(std::size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}

  // Keeps the parsed envelope of committed delivery `id`, unless that would
  // go over the budget.
  void keep(DeliveryId id, Envelope envelope);
  // The envelope kept for `id`, removed from here; nullopt when not kept.
  std::optional<Envelope> take(DeliveryId id);
  // The lowest `limit` ids kept, ascending. The processor's batch is the
  // oldest pending deliveries, so these are all the kept ones it can hold.
  std::vector<DeliveryId> ids(std::size_t limit) const;
  std::size_t size() const { return by_id_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::map<DeliveryId, Envelope> by_id_;
};

}  // namespace autofixd::intake
