#include "store/checkpointer.hpp"

#include <spdlog/spdlog.h>

namespace autofixd::store {

Result<std::unique_ptr<Checkpointer>> Checkpointer::start(const std::string& path,
                                                          int threshold_frames) {
  auto db = Database::open(path);
  if (!db) return db.error();
  // Waits (briefly) rather than failing when the writer holds a lock.
  if (auto s = db->exec("PRAGMA busy_timeout=5000;"); !s) return s.error();
  return std::unique_ptr<Checkpointer>(new Checkpointer(std::move(*db), threshold_frames));
}

Checkpointer::Checkpointer(Database db, int threshold_frames)
    : db_(std::move(db)), threshold_(threshold_frames), thread_([this] { loop(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Checkpointer::wal_grew(int frames) {
  if (frames < threshold_) return;
  {
    std::lock_guard lock(mutex_);
    if (due_) return;
    due_ = true;
  }
  wake_.notify_one();
}

std::uint64_t Checkpointer::checkpoints() const {
  std::lock_guard lock(mutex_);
  return done_;
}

void Checkpointer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return due_ || stopping_; });
    if (stopping_) return;
    lock.unlock();
    // The checkpoint's own fsync of the database file happens here, off the
    // commit path. A failure is retried at the next threshold crossing.
    if (auto s = db_.exec("PRAGMA wal_checkpoint(PASSIVE);"); !s) {
      spdlog::warn("store: WAL checkpoint of {} failed: {}", db_.path(), s.error().message);
    }
    lock.lock();
    due_ = false;
    ++done_;
  }
}

}  // namespace autofixd::store
