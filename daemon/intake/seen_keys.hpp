#pragma once
// The member names of objects whose members are not all kept in the DOM
// (json_keep.hpp), so that a duplicate key is refused there too. Names are
// only needed while their object is open, and keys only ever arrive for the
// innermost open object: the names form a stack, and closing an object
// drops its own. An object's first names are compared one by one; past
// kScanned it is indexed in a hash table, so a body with one object of
// 100,000 keys costs what its bytes cost.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace autofixd::intake {

class SeenKeys {
 public:
  // An open object: where its names start, and whether they are indexed.
  struct Object {
    std::uint32_t id = 0;
    std::uint32_t first_entry = 0;
    std::uint32_t first_byte = 0;
    bool indexed = false;
  };

  Object open_object();
  // False when `object` (the innermost open one) already has a member
  // named `name`.
  bool insert(Object& object, std::string_view name);
  // Forgets the names of `object`, the innermost open one.
  void close_object(const Object& object);

  static constexpr std::uint32_t kScanned = 16;

 private:
  struct Entry {
    std::uint32_t offset;  // of the name in names_
    std::uint32_t size;
  };
  // object 0: empty. A slot of an object that closed is never read again
  // (ids are not reused); the table is emptied when no indexed object is open.
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t object = 0;
    std::uint32_t entry = 0;
  };

  std::string_view name_of(const Entry& entry) const;
  void index(Object& object);
  bool add_slot(std::uint32_t object, std::string_view name, std::uint32_t entry);
  void grow();

  std::uint32_t objects_ = 0;
  std::string names_;
  std::vector<Entry> entries_;
  std::vector<Slot> slots_;  // open addressing, a power of two, at most half used
  std::size_t used_ = 0;
  std::size_t indexed_open_ = 0;
};

}  // namespace autofixd::intake
