#include "intake/seen_keys.hpp"

#include <algorithm>
#include <functional>

namespace autofixd::intake {
namespace {

std::uint64_t hash_of(std::string_view name) { return std::hash<std::string_view>{}(name); }

}  // namespace

SeenKeys::Object SeenKeys::open_object() {
  return Object{++objects_, static_cast<std::uint32_t>(entries_.size()),
                static_cast<std::uint32_t>(names_.size()), false};
}

std::string_view SeenKeys::name_of(const Entry& entry) const {
  return std::string_view(names_).substr(entry.offset, entry.size);
}

bool SeenKeys::insert(Object& object, std::string_view name) {
  const auto entry = static_cast<std::uint32_t>(entries_.size());
  if (!object.indexed && entry - object.first_entry < kScanned) {
    for (std::uint32_t i = object.first_entry; i < entry; ++i) {
      if (name_of(entries_[i]) == name) return false;
    }
  } else {
    if (!object.indexed) index(object);
    if (!add_slot(object.id, name, entry)) return false;
  }
  entries_.push_back(
      Entry{static_cast<std::uint32_t>(names_.size()), static_cast<std::uint32_t>(name.size())});
  names_.append(name);
  return true;
}

void SeenKeys::close_object(const Object& object) {
  entries_.resize(object.first_entry);
  names_.resize(object.first_byte);
  if (object.indexed && --indexed_open_ == 0) {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    used_ = 0;
  }
}

void SeenKeys::index(Object& object) {
  object.indexed = true;
  ++indexed_open_;
  for (auto i = object.first_entry; i < entries_.size(); ++i) {
    add_slot(object.id, name_of(entries_[i]), i);
  }
}

// Adds `name` of `object` as entry `entry`; false when the object has it.
bool SeenKeys::add_slot(std::uint32_t object, std::string_view name, std::uint32_t entry) {
  if ((used_ + 1) * 2 > slots_.size()) grow();
  const std::uint64_t hash = hash_of(name);
  const std::size_t mask = slots_.size() - 1;
  // The object id is mixed into the position so that the same names in
  // nested indexed objects do not share one probe run.
  std::size_t at = (hash ^ (object * 0x9E3779B97F4A7C15ull)) & mask;
  for (; slots_[at].object != 0; at = (at + 1) & mask) {
    const Slot& slot = slots_[at];
    if (slot.object == object && slot.hash == hash && name_of(entries_[slot.entry]) == name) {
      return false;
    }
  }
  slots_[at] = Slot{hash, object, entry};
  ++used_;
  return true;
}

void SeenKeys::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.object == 0) continue;
    std::size_t at = (slot.hash ^ (slot.object * 0x9E3779B97F4A7C15ull)) & mask;
    while (slots_[at].object != 0) at = (at + 1) & mask;
    slots_[at] = slot;
  }
}

}  // namespace autofixd::intake
