// Settings operators change for a running daemon: the kill switch.
#include "store/store.hpp"

namespace autofixd::store {
namespace {

constexpr std::string_view kPaused = "paused";

}  // namespace

Result<std::optional<PauseState>> Store::pause_state() {
  auto stmt =
      Statement::prepare(db_, "SELECT value, updated_by, updated_at FROM settings WHERE key = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, kPaused);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<PauseState>{};
  return std::optional<PauseState>{
      PauseState{stmt->column_text(0), stmt->column_text(1), from_unix_ms(stmt->column_int(2))}};
}

Status Store::set_pause(const PauseState& pause) {
  auto stmt = Statement::prepare(
      db_,
      "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
      "updated_by = excluded.updated_by");
  if (!stmt) return stmt.error();
  stmt->bind(1, kPaused).bind(2, pause.reason).bind(3, to_unix_ms(pause.since)).bind(4, pause.by);
  return stmt->run();
}

Result<std::optional<PauseState>> Store::clear_pause() {
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  auto was = pause_state();
  if (!was) return was.error();
  auto stmt = Statement::prepare(db_, "DELETE FROM settings WHERE key = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, kPaused);
  if (auto s = stmt->run(); !s) return s.error();
  if (auto s = tx.commit(); !s) return s.error();
  return was;
}

}  // namespace autofixd::store
