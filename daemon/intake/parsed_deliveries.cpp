#include "intake/parsed_deliveries.hpp"

namespace autofixd::intake {

void ParsedDeliveries::keep(DeliveryId id, Envelope envelope) {
  if (by_id_.size() >= capacity_) return;
  by_id_.insert_or_assign(id, std::move(envelope));
}

std::optional<Envelope> ParsedDeliveries::take(DeliveryId id) {
  auto node = by_id_.extract(id);
  if (node.empty()) return std::nullopt;
  return std::move(node.mapped());
}

std::vector<DeliveryId> ParsedDeliveries::ids() const {
  std::vector<DeliveryId> ids;
  ids.reserve(by_id_.size());
  for (const auto& [id, envelope] : by_id_) ids.push_back(id);
  return ids;
}

}  // namespace autofixd::intake
