#pragma once
// An online, consistent copy of the store while the daemon runs (SQLite's
// backup API), for `autofixd backup`.

#include <chrono>
#include <cstdint>
#include <string>

#include "util/result.hpp"

namespace autofixd::store {

struct BackupOptions {
  bool force = false;            // replace an existing destination
  int pages_per_step = 256;      // pages copied per step (1 MiB with 4 KiB pages)
  std::chrono::milliseconds pause{10};  // between steps, so the copy's I/O yields to the daemon
};

struct BackupReport {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
  std::int64_t steps = 0;
  int schema_version = 0;
};

// Copies the store at `source` to `destination`: a separate connection
// holds one read transaction for the whole copy, so the copy is the store
// as of one moment, and (WAL mode) the daemon's writers never wait for it.
// The copy is written to a temporary file in the destination's directory
// (mode 0600), switched to a rollback journal so it is one self-contained
// file, fsync'd, then renamed over `destination` and the directory fsync'd.
// Errors: "backup.exists" (destination exists and not force), "store.open"
// (no store at `source`), "backup.io" (temporary file, fsync, rename),
// "store.*" (SQLite failed; the temporary file is removed).
Result<BackupReport> backup(const std::string& source, const std::string& destination,
                            const BackupOptions& options = {});

}  // namespace autofixd::store
