// The outbox: one row per message for a [[tracker]] or [[notify]] target,
// written in the transaction that made the news (a run's new state, a
// decision), so a crash can neither lose a message nor make a second one.
#include <array>

#include "store/store.hpp"

namespace autofixd::store {
namespace {

constexpr std::array<std::pair<OutboxState, std::string_view>, 5> kStates{{
    {OutboxState::pending, "pending"},
    {OutboxState::sending, "sending"},
    {OutboxState::sent, "sent"},
    {OutboxState::skipped, "skipped"},
    {OutboxState::dead, "dead"},
}};

OutboxState state_from(std::string_view text) {
  // The CHECK constraint allows nothing else.
  return parse_outbox_state(text).value_or(OutboxState::dead);
}

constexpr const char* kColumns =
    "id, target, event_key, outcome, issue_id, run_id, decision_id, payload, state, attempts, "
    "next_attempt_at, last_error, remote_ref, created_at, sent_at";

OutboxRow read_row(const Statement& stmt) {
  OutboxRow row;
  row.id = stmt.column_int(0);
  row.entry.target = stmt.column_text(1);
  row.entry.event_key = stmt.column_text(2);
  row.entry.outcome = stmt.column_text(3);
  row.entry.issue = IssueId{stmt.column_int(4)};
  if (auto run = stmt.column_optional_int(5)) row.entry.run = RunId{*run};
  row.decision = stmt.column_optional_int(6);
  row.entry.payload = stmt.column_text(7);
  row.state = state_from(stmt.column_text(8));
  row.attempts = stmt.column_int(9);
  row.next_attempt_at = from_unix_ms(stmt.column_int(10));
  row.last_error = stmt.column_text(11);
  row.remote_ref = stmt.column_text(12);
  row.created_at = from_unix_ms(stmt.column_int(13));
  if (auto sent = stmt.column_optional_int(14)) row.sent_at = from_unix_ms(*sent);
  return row;
}

Result<std::vector<OutboxRow>> collect(Statement& stmt) {
  std::vector<OutboxRow> rows;
  for (;;) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back(read_row(stmt));
  }
}

}  // namespace

std::string_view to_string(OutboxState state) {
  for (const auto& [s, name] : kStates) {
    if (s == state) return name;
  }
  return "dead";
}

std::optional<OutboxState> parse_outbox_state(std::string_view text) {
  for (const auto& [state, name] : kStates) {
    if (name == text) return state;
  }
  return std::nullopt;
}

Status Store::insert_outbox_rows(const std::vector<OutboxEntry>& entries, SysTime now,
                                 std::optional<std::int64_t> decision) {
  if (entries.empty()) return {};
  auto stmt = Statement::prepare(
      db_,
      "INSERT OR IGNORE INTO outbox (target, event_key, outcome, issue_id, run_id, decision_id, "
      "payload, state, next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
      "'pending', ?8, ?8)");
  if (!stmt) return stmt.error();
  for (const OutboxEntry& e : entries) {
    const std::string key = !e.event_key.empty() ? e.event_key
                            : decision ? "decision:" + std::to_string(*decision) + ":" + e.outcome
                                       : "issue:" + e.issue.str() + ":" + e.outcome;
    stmt->bind(1, e.target).bind(2, key).bind(3, e.outcome).bind(4, e.issue.value);
    stmt->bind(5, e.run ? std::optional<std::int64_t>(e.run->value) : std::nullopt);
    stmt->bind(6, decision).bind(7, e.payload).bind(8, to_unix_ms(now));
    if (auto s = stmt->run(); !s) return s;
    stmt->reset();
  }
  return {};
}

Result<std::vector<OutboxRow>> Store::due_outbox(SysTime now, int limit) {
  auto stmt = Statement::prepare(db_, std::string("SELECT ") + kColumns +
                                          " FROM outbox WHERE state IN ('pending','sending') AND "
                                          "next_attempt_at <= ?1 ORDER BY next_attempt_at, id "
                                          "LIMIT ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, to_unix_ms(now)).bind(2, static_cast<std::int64_t>(limit));
  return collect(*stmt);
}

Status Store::save_outbox(const OutboxRow& row) {
  auto stmt = Statement::prepare(
      db_,
      "UPDATE outbox SET state = ?2, attempts = ?3, next_attempt_at = ?4, last_error = ?5, "
      "remote_ref = ?6, sent_at = ?7 WHERE id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, row.id).bind(2, to_string(row.state)).bind(3, row.attempts);
  stmt->bind(4, to_unix_ms(row.next_attempt_at)).bind(5, row.last_error).bind(6, row.remote_ref);
  stmt->bind(7, row.sent_at ? std::optional<std::int64_t>(to_unix_ms(*row.sent_at)) : std::nullopt);
  return stmt->run();
}

Result<std::vector<OutboxRow>> Store::list_outbox(const OutboxFilter& filter) {
  auto stmt = Statement::prepare(
      db_, std::string("SELECT ") + kColumns +
               " FROM outbox WHERE (?1 IS NULL OR issue_id = ?1) AND (?2 IS NULL OR run_id = ?2) "
               "AND (?3 IS NULL OR state = ?3) ORDER BY id DESC LIMIT ?4");
  if (!stmt) return stmt.error();
  stmt->bind(1, filter.issue ? std::optional<std::int64_t>(filter.issue->value) : std::nullopt);
  stmt->bind(2, filter.run ? std::optional<std::int64_t>(filter.run->value) : std::nullopt);
  stmt->bind(3, filter.state ? std::optional<std::string>(std::string(to_string(*filter.state)))
                             : std::nullopt);
  stmt->bind(4, static_cast<std::int64_t>(filter.limit));
  return collect(*stmt);
}

Result<std::optional<SysTime>> Store::next_outbox_due() {
  auto stmt = Statement::prepare(
      db_, "SELECT MIN(next_attempt_at) FROM outbox WHERE state IN ('pending','sending')");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row || stmt->column_is_null(0)) return std::optional<SysTime>{};
  return std::optional<SysTime>{from_unix_ms(stmt->column_int(0))};
}

Result<bool> Store::resend_outbox(std::int64_t id, SysTime now) {
  auto stmt = Statement::prepare(
      db_,
      "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?2 "
      "WHERE id = ?1 AND state = 'dead'");
  if (!stmt) return stmt.error();
  stmt->bind(1, id).bind(2, to_unix_ms(now));
  if (auto s = stmt->run(); !s) return s.error();
  return db_.changes() > 0;
}

}  // namespace autofixd::store
