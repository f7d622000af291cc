#pragma once
// Copies the WAL back into the database file on a thread of its own, with a
// connection of its own, so no commit ever waits for a checkpoint (SQLite's
// automatic checkpoint runs inside the commit that crosses its threshold).
// A PASSIVE checkpoint never blocks writers or readers; the WAL restarts from
// its beginning at the first commit after a checkpoint that copied it all.
// Durability is unchanged: a commit is durable once its WAL frames are
// synced (synchronous=FULL); checkpoints only move committed pages.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite.hpp"

namespace autofixd::store {

class Checkpointer {
 public:
  // Opens a second connection to the store at `path` and starts the thread.
  // Errors: "store.open" (the caller keeps SQLite's automatic checkpoint).
  static Result<std::unique_ptr<Checkpointer>> start(const std::string& path,
                                                     int threshold_frames = 1000);
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  // Stops the thread (a running checkpoint finishes first).
  ~Checkpointer();

  // The writer committed and the WAL now holds `frames` frames. Any thread;
  // never blocks on I/O.
  void wal_grew(int frames);

  std::uint64_t checkpoints() const;

 private:
  Checkpointer(Database db, int threshold_frames);
  void loop();

  Database db_;
  const int threshold_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;       // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::uint64_t done_ = 0; // guarded by mutex_
  std::thread thread_;
};

}  // namespace autofixd::store
