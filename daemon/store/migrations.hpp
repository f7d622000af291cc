#pragma once
// Versioned schema. Each migration runs once, in order, in its own
// transaction; the version is kept in PRAGMA user_version.

#include <functional>

#include "store/sqlite.hpp"
#include "util/clock.hpp"

namespace autofixd::store {

inline constexpr int kSchemaVersion = 12;

// Told, while a migration runs, which one (`to` is the version it makes)
// and for how long: once as it starts, then about every second while SQLite
// works through it. A migration copying a large table takes minutes; the
// daemon uses this to keep systemd's start timeout from expiring
// (EXTEND_TIMEOUT_USEC) and to say why it is not ready yet.
using MigrationProgress = std::function<void(int to, Millis elapsed)>;

// Brings the database up to `target` (kSchemaVersion but in tests of a
// migration). Refuses a database written by a newer autofixd ("store.version").
Status migrate(Database& db, int target = kSchemaVersion, const MigrationProgress& progress = {});

}  // namespace autofixd::store
