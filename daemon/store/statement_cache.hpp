#pragma once
// Idle prepared statements of one connection, by SQL text. SQLite re-prepares
// a cached statement by itself when the schema changes under it.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3_stmt;

namespace autofixd::store {

class StatementCache {
 public:
  // More idle statements than this are finalized rather than kept: the store
  // has a few dozen distinct statements, so a bigger count means a leak of
  // SQL texts (one built from values) that must not grow memory.
  static constexpr std::size_t kMaxIdle = 128;

  StatementCache() = default;
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache();

  // An idle statement prepared from exactly `sql`, now owned by the caller;
  // nullptr when there is none.
  sqlite3_stmt* take(std::string_view sql);
  // Resets `stmt` and keeps it for the next take() of its text, or finalizes it.
  void give_back(sqlite3_stmt* stmt);
  std::size_t idle() const { return idle_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_multimap<std::string, sqlite3_stmt*, Hash, std::equal_to<>> idle_;
};

}  // namespace autofixd::store
