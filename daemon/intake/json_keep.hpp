#pragma once
// Which parts of a webhook body intake builds into a DOM. A body is read in
// full either way (syntax, UTF-8, duplicate keys and depth are checked
// everywhere), but only the members a reader looks at are stored: an error
// event's frames and breadcrumbs cost a scan, not a tree of allocations.

#include <span>
#include <string_view>

namespace autofixd::intake {

struct JsonKeep {
  std::string_view name;  // the member's name in its parent object
  // For an object: the members kept (any other member is read and dropped).
  // Ignored for any other value, which is kept as it is.
  std::span<const JsonKeep> members{};
  bool whole = false;  // keep the value with everything in it
};

// Member `name` kept with everything in it.
constexpr JsonKeep whole(std::string_view name) { return JsonKeep{name, {}, true}; }

// The entry for member `name` among `keep.members`, or nullptr.
inline const JsonKeep* kept_member(const JsonKeep& keep, std::string_view name) {
  for (const JsonKeep& member : keep.members) {
    if (member.name == name) return &member;
  }
  return nullptr;
}

}  // namespace autofixd::intake
