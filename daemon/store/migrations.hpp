#pragma once
// Versioned schema. Each migration runs once, in order, in its own
// transaction; the version is kept in PRAGMA user_version.

#include "store/sqlite.hpp"

namespace autofixd::store {

inline constexpr int kSchemaVersion = 11;

// Brings the database up to `target` (kSchemaVersion but in tests of a
// migration). Refuses a database written by a newer autofixd ("store.version").
Status migrate(Database& db, int target = kSchemaVersion);

}  // namespace autofixd::store
