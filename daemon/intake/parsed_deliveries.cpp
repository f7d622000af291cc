#include "intake/parsed_deliveries.hpp"

#include <algorithm>
#include <string>

namespace autofixd::intake {
namespace {

// A std::map node: three pointers and a colour beside the value.
constexpr std::size_t kNodeOverhead = 4 * sizeof(void*);

// Heap bytes only: a short string lives inside the struct already counted.
std::size_t heap_bytes(const std::string& s) {
  return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
}

}  // namespace

std::size_t kept_bytes(const Envelope& e) {
  std::size_t bytes = sizeof(std::pair<const DeliveryId, Envelope>) + kNodeOverhead;
  for (const std::string* s : {&e.resource, &e.action, &e.installation_uuid, &e.facts.project,
                               &e.facts.level, &e.facts.status, &e.facts.title, &e.facts.priority,
                               &e.facts.category, &e.facts.substatus, &e.facts.short_id,
                               &e.facts.web_url, &e.facts.seer_setup_problem,
                               &e.facts.seer_setup_detail}) {
    bytes += heap_bytes(*s);
  }
  if (e.facts.culprit) bytes += heap_bytes(*e.facts.culprit);
  for (const auto& [key, counts] : e.facts.in_environments) {
    bytes += sizeof(std::pair<const std::string, rules::EnvironmentCounts>) + kNodeOverhead +
             heap_bytes(key);
  }
  if (e.facts.latest_seer_run) bytes += heap_bytes(e.facts.latest_seer_run->uuid);
  return bytes;
}

void ParsedDeliveries::keep(DeliveryId id, Envelope envelope) {
  const std::size_t cost = kept_bytes(envelope);
  if (auto old = by_id_.find(id); old != by_id_.end()) {
    bytes_ -= kept_bytes(old->second);
    by_id_.erase(old);
  }
  if (bytes_ + cost > max_bytes_) return;
  by_id_.emplace(id, std::move(envelope));
  bytes_ += cost;
}

std::optional<Envelope> ParsedDeliveries::take(DeliveryId id) {
  auto node = by_id_.extract(id);
  if (node.empty()) return std::nullopt;
  bytes_ -= kept_bytes(node.mapped());
  return std::move(node.mapped());
}

std::vector<DeliveryId> ParsedDeliveries::ids(std::size_t limit) const {
  std::vector<DeliveryId> ids;
  ids.reserve(std::min(limit, by_id_.size()));
  for (auto it = by_id_.begin(); it != by_id_.end() && ids.size() < limit; ++it) {
    ids.push_back(it->first);
  }
  return ids;
}

}  // namespace autofixd::intake
