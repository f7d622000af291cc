#pragma once
// The member names of objects whose members are not all kept in the DOM
// (json_keep.hpp), so that a duplicate key is refused there too. One table
// for the whole document: an object is told apart by the id it was given
// when it opened. Inserting is O(1) on average, so a body with one object of
// 100,000 keys costs what its bytes cost.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace autofixd::intake {

class SeenKeys {
 public:
  // A fresh id for an object that just opened.
  std::uint32_t open_object() { return ++objects_; }
  // False when `object` already has a member named `name`.
  bool insert(std::uint32_t object, std::string_view name);

 private:
  struct Entry {
    std::uint32_t object;
    std::uint32_t offset;  // of the name in names_
    std::uint32_t size;
  };
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t entry = 0;  // index in entries_ + 1; 0 = empty
  };

  void grow();
  bool same(const Entry& entry, std::uint32_t object, std::string_view name) const;

  std::uint32_t objects_ = 0;
  std::string names_;
  std::vector<Entry> entries_;
  std::vector<Slot> slots_;  // open addressing, a power of two, at most half full
};

}  // namespace autofixd::intake
