// Row retention ([store] row_retention): deliveries, decisions, runs and
// answered operator requests older than the cut-off go, a bounded range of
// ids per call so intake never waits long behind it. What is still needed stays whatever its age: pending
// deliveries, active runs and every run of an issue that has one, runs whose
// comment is still to be posted, and whatever a kept row refers to (a kept
// run's decision, a kept decision's delivery). Children go before their
// parents, so the foreign keys hold without ON DELETE rules.
#include <array>

#include "store/run_state_sql.hpp"
#include "store/store.hpp"

namespace autofixd::store {
namespace {

struct TableSql {
  const char* table;
  // The dependent rows of the deletable ones (empty strings: none).
  std::array<const char*, 2> delete_children;
  const char* deletable;        // WHERE condition over `t` with ?1 after, ?2 upto, ?3 cut-off
  const char* young;            // a row of the range too young: later ones are too
};

// Runs end in one of four states; needs_input is active (the unique index
// counts it) even when no longer polled.
constexpr auto kRunsDeletable =
    sql_join("t.id > ?1 AND t.id <= ?2 AND t.state IN ", kEndedRunStates,
             " AND t.finished_at IS NOT NULL AND t.finished_at < ?3 "
             "AND NOT EXISTS (SELECT 1 FROM runs a WHERE a.issue_id = t.issue_id "
             "  AND a.state IN ",
             kActiveRunStates,
             ") AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.run_id = t.id "
             "  AND c.state IN ('pending','posting')) "
             "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.run_id = t.id "
             "  AND o.state IN ('pending','sending'))");
constexpr TableSql kRuns = {
    "runs",
    {"DELETE FROM comments WHERE run_id IN (SELECT id FROM runs t WHERE {deletable})",
     "DELETE FROM outbox WHERE run_id IN (SELECT id FROM runs t WHERE {deletable})"},
    kRunsDeletable.data(),
    "created_at"};

constexpr TableSql kDecisions = {
    "decisions",
    {"DELETE FROM outbox WHERE decision_id IN (SELECT id FROM decisions t WHERE {deletable})", ""},
    "t.id > ?1 AND t.id <= ?2 AND COALESCE(t.last_repeated_at, t.decided_at) < ?3 "
    "AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.decision_id = t.id) "
    "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.decision_id = t.id "
    "  AND o.state IN ('pending','sending'))",
    "decided_at"};

constexpr TableSql kDeliveries = {
    "deliveries",
    {"DELETE FROM delivery_bodies WHERE delivery_id IN (SELECT id FROM deliveries t "
     "WHERE {deletable})",
     ""},
    "t.id > ?1 AND t.id <= ?2 AND t.received_at < ?3 AND t.state <> 'pending' "
    "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.delivery_id = t.id)",
    "received_at"};

// An answered `autofixd start/retry/cancel`, once the run it started (if
// any) is gone: `autofixd runs` names who asked for as long as the run is
// kept. A pending one stays, whatever its age.
constexpr TableSql kOperatorRequests = {
    "operator_requests",
    {"", ""},
    "t.id > ?1 AND t.id <= ?2 AND t.state <> 'pending' AND t.requested_at < ?3 "
    "AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = t.new_run_id)",
    "requested_at"};

const TableSql& sql_for(RetainedTable table) {
  switch (table) {
    case RetainedTable::runs:
      return kRuns;
    case RetainedTable::decisions:
      return kDecisions;
    case RetainedTable::deliveries:
      return kDeliveries;
    case RetainedTable::operator_requests:
      return kOperatorRequests;
  }
  return kDeliveries;
}

std::string with_condition(std::string sql, const char* condition) {
  const std::string mark = "{deletable}";
  sql.replace(sql.find(mark), mark.size(), condition);
  return sql;
}

// The next range of a walk: up to `span` rows after `after`.
struct Range {
  std::int64_t upto = 0;  // its last id
  bool last = false;      // fewer than `span` rows: the table ends here
};

// Nullopt past the end of the table.
Result<std::optional<Range>> next_range(Database& db, const TableSql& sql, std::int64_t after,
                                        std::int64_t span) {
  auto stmt = Statement::prepare(db, std::string("SELECT MAX(id), COUNT(*) FROM (SELECT id FROM ") +
                                         sql.table + " WHERE id > ?1 ORDER BY id LIMIT ?2)");
  if (!stmt) return stmt.error();
  stmt->bind(1, after).bind(2, span);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row || stmt->column_is_null(0)) return std::optional<Range>{};
  return std::optional<Range>{Range{stmt->column_int(0), stmt->column_int(1) < span}};
}

// True when a row of (after, upto] is younger than the cut-off.
Result<bool> holds_young_rows(Database& db, const TableSql& sql, std::int64_t after,
                              std::int64_t upto, std::int64_t cutoff) {
  auto stmt =
      Statement::prepare(db, std::string("SELECT EXISTS (SELECT 1 FROM ") + sql.table +
                                 " WHERE id > ?1 AND id <= ?2 AND " + sql.young + " >= ?3)");
  if (!stmt) return stmt.error();
  stmt->bind(1, after).bind(2, upto).bind(3, cutoff);
  auto row = stmt->step();
  if (!row) return row.error();
  return *row && stmt->column_int(0) != 0;
}

Status run_bound(Database& db, const std::string& text, std::int64_t after, std::int64_t upto,
                 std::int64_t cutoff) {
  auto stmt = Statement::prepare(db, text);
  if (!stmt) return stmt.error();
  stmt->bind(1, after).bind(2, upto).bind(3, cutoff);
  return stmt->run();
}

}  // namespace

Result<RowPrune> Store::prune_rows(RetainedTable table, std::int64_t after, SysTime before,
                                   std::int64_t span) {
  const TableSql& sql = sql_for(table);
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  RowPrune out;
  auto range = next_range(db_, sql, after, span);
  if (!range) return range.error();
  if (!*range) {
    out.done = true;
    return out;
  }
  const std::int64_t upto = (*range)->upto;
  const std::int64_t cutoff = to_unix_ms(before);
  for (const char* children_sql : sql.delete_children) {
    if (*children_sql == '\0') continue;
    const std::string children = with_condition(children_sql, sql.deletable);
    if (auto s = run_bound(db_, children, after, upto, cutoff); !s) return s.error();
  }
  const std::string rows = std::string("DELETE FROM ") + sql.table + " AS t WHERE " + sql.deletable;
  if (auto s = run_bound(db_, rows, after, upto, cutoff); !s) return s.error();
  out.deleted = db_.changes();
  auto young = holds_young_rows(db_, sql, after, upto, cutoff);
  if (!young) return young.error();
  out.done = (*range)->last || *young;
  out.next_after = upto;
  if (auto s = tx.commit(); !s) return s.error();
  return out;
}

}  // namespace autofixd::store
