// The queue of held-back starts and the budget counts that hold them.
#include <chrono>

#include "store/run_state_sql.hpp"
#include "store/store.hpp"

namespace autofixd::store {
namespace {

constexpr auto kHour = std::chrono::hours(1);
constexpr auto kDay = std::chrono::hours(24);

// Rows of (rule, count in the last hour, count in the last 24 h) added into
// `usage`: per rule, and into the total `field` points at. Windows are
// open at their start: a run decided exactly one hour ago no longer counts.
Status add_window_counts(Database& db, const char* sql, SysTime now, rules::BudgetUsage& usage,
                         rules::WindowCounts rules::BudgetUsage::*total) {
  auto stmt = Statement::prepare(db, sql);
  if (!stmt) return stmt.error();
  stmt->bind(1, to_unix_ms(now - kHour)).bind(2, to_unix_ms(now - kDay));
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return {};
    const std::int64_t hour = stmt->column_int(1);
    const std::int64_t day = stmt->column_int(2);
    rules::WindowCounts& mine = usage.by_rule[stmt->column_text(0)];
    mine.last_hour += hour;
    mine.last_24h += day;
    (usage.*total).last_hour += hour;
    (usage.*total).last_24h += day;
  }
}

QueueRow read_queue_row(Statement& stmt) {
  QueueRow q;
  q.issue = IssueId{stmt.column_int(0)};
  q.rule = stmt.column_text(1);
  q.reason = stmt.column_text(2);
  q.detail = stmt.column_text(3);
  q.priority_rank = static_cast<int>(stmt.column_int(4));
  if (const std::int64_t events = stmt.column_int(5); events >= 0) q.events = events;
  if (const double fixability = stmt.column_double(6); fixability >= 0) q.fixability = fixability;
  q.facts_json = stmt.column_text(7);
  q.issue_short_id = stmt.column_text(8);
  q.issue_title = stmt.column_text(9);
  q.queued_at = from_unix_ms(stmt.column_int(10));
  q.expires_at = from_unix_ms(stmt.column_int(11));
  return q;
}

}  // namespace

Result<rules::BudgetUsage> Store::budget_usage(SysTime now) {
  rules::BudgetUsage usage;
  // Runs autofixd paid for (runs_created index); following costs nothing.
  if (auto s = add_window_counts(db_,
                                 "SELECT rule, SUM(created_at > ?1), COUNT(*) FROM runs "
                                 "WHERE created_at > ?2 AND origin != 'followed' GROUP BY rule",
                                 now, usage, &rules::BudgetUsage::paid);
      !s) {
    return s.error();
  }
  // Would-be starts (decisions_would_be index).
  if (auto s = add_window_counts(
          db_,
          "SELECT COALESCE(rule, ''), SUM(decided_at > ?1), COUNT(*) FROM decisions "
          "WHERE outcome IN ('observe','dry_run') AND decided_at > ?2 GROUP BY rule",
          now, usage, &rules::BudgetUsage::would_be);
      !s) {
    return s.error();
  }
  static constexpr auto kActive = sql_join("SELECT COUNT(*) FROM runs WHERE state IN ",
                                           kActiveRunStates, " AND origin != 'followed'");
  auto active = Statement::prepare(db_, kActive.data());
  if (!active) return active.error();
  if (auto row = active->step(); !row) return row.error();
  usage.active_runs = active->column_int(0);
  auto pause = pause_state();
  if (!pause) return pause.error();
  if (*pause) usage.paused = describe_pause(**pause);
  return usage;
}

Result<std::vector<QueueRow>> Store::queued(int limit) {
  auto stmt = Statement::prepare(
      db_,
      "SELECT issue_id, rule, reason, detail, priority_rank, events, fixability, facts, "
      "issue_short_id, issue_title, queued_at, expires_at FROM queue "
      "ORDER BY priority_rank, events DESC, fixability DESC, queued_at LIMIT ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, static_cast<std::int64_t>(limit));
  std::vector<QueueRow> rows;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back(read_queue_row(*stmt));
  }
}

Result<std::int64_t> Store::queue_size() {
  auto stmt = Statement::prepare(db_, "SELECT COUNT(*) FROM queue");
  if (!stmt) return stmt.error();
  if (auto row = stmt->step(); !row) return row.error();
  return stmt->column_int(0);
}

// A queued issue keeps its place in time and its expiry; what it is waiting
// for and its facts are the latest decision's.
Status Store::upsert_queued(const DecisionRecord& r) {
  auto stmt = Statement::prepare(
      db_,
      "INSERT INTO queue (issue_id, rule, reason, detail, priority_rank, events, fixability, "
      "facts, issue_short_id, issue_title, queued_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
      "ON CONFLICT(issue_id) DO UPDATE SET rule = excluded.rule, reason = excluded.reason, "
      "detail = excluded.detail, priority_rank = excluded.priority_rank, "
      "events = excluded.events, fixability = excluded.fixability, facts = excluded.facts, "
      "issue_short_id = excluded.issue_short_id, issue_title = excluded.issue_title");
  if (!stmt) return stmt.error();
  stmt->bind(1, r.issue.value).bind(2, r.rule).bind(3, r.reason).bind(4, r.detail);
  stmt->bind(5, static_cast<std::int64_t>(r.priority_rank)).bind(6, r.events.value_or(-1));
  stmt->bind(7, r.fixability.value_or(-1.0)).bind(8, r.facts_text());
  stmt->bind(9, r.issue_short_id).bind(10, r.issue_title).bind(11, to_unix_ms(r.decided_at));
  stmt->bind(12, to_unix_ms(r.queue_expires_at.value_or(r.decided_at)));
  return stmt->run();
}

Status Store::remove_queued(IssueId issue) {
  auto stmt = Statement::prepare(db_, "DELETE FROM queue WHERE issue_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, issue.value);
  return stmt->run();
}

}  // namespace autofixd::store
