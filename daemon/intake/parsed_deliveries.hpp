#pragma once
// Deliveries parsed at intake, kept for the processor, so that a delivery's
// body is parsed once and not read back from the store. Bounded: past its
// capacity a delivery is simply not kept, and the processor reads and parses
// the stored body instead (as it does for everything after a restart).
// Not thread-safe: intake and the processor share the network thread.

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "intake/envelope.hpp"
#include "util/ids.hpp"

namespace autofixd::intake {

class ParsedDeliveries {
 public:
  // A batch of the processor is 256; four of them may wait.
  static constexpr std::size_t kDefaultCapacity = 1024;

  explicit ParsedDeliveries(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  // Keeps the parsed envelope of committed delivery `id`, unless full.
  void keep(DeliveryId id, Envelope envelope);
  // The envelope kept for `id`, removed from here; nullopt when not kept.
  std::optional<Envelope> take(DeliveryId id);
  // The ids kept, ascending.
  std::vector<DeliveryId> ids() const;
  std::size_t size() const { return by_id_.size(); }

 private:
  std::size_t capacity_;
  std::map<DeliveryId, Envelope> by_id_;
};

}  // namespace autofixd::intake
