#include "intake/seen_keys.hpp"

#include <functional>

namespace autofixd::intake {
namespace {

std::uint64_t hash_of(std::uint32_t object, std::string_view name) {
  // The object id is mixed in so that the same name in two objects lands
  // apart; the odd constant spreads consecutive ids over the table.
  return std::hash<std::string_view>{}(name) ^ (object * 0x9E3779B97F4A7C15ull);
}

}  // namespace

bool SeenKeys::same(const Entry& entry, std::uint32_t object, std::string_view name) const {
  return entry.object == object && entry.size == name.size() &&
         std::string_view(names_).substr(entry.offset, entry.size) == name;
}

bool SeenKeys::insert(std::uint32_t object, std::string_view name) {
  if ((entries_.size() + 1) * 2 > slots_.size()) grow();
  const std::uint64_t hash = hash_of(object, name);
  const std::size_t mask = slots_.size() - 1;
  std::size_t at = hash & mask;
  for (; slots_[at].entry != 0; at = (at + 1) & mask) {
    const Slot& slot = slots_[at];
    if (slot.hash == hash && same(entries_[slot.entry - 1], object, name)) return false;
  }
  entries_.push_back(Entry{object, static_cast<std::uint32_t>(names_.size()),
                           static_cast<std::uint32_t>(name.size())});
  names_.append(name);
  slots_[at] = Slot{hash, static_cast<std::uint32_t>(entries_.size())};
  return true;
}

void SeenKeys::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.entry == 0) continue;
    std::size_t at = slot.hash & mask;
    while (slots_[at].entry != 0) at = (at + 1) & mask;
    slots_[at] = slot;
  }
}

}  // namespace autofixd::intake
