// The decision trail as operators read it (`autofixd decisions`).
#include <string>

#include "store/store.hpp"

namespace autofixd::store {
namespace {

// One statement per filter, so each uses its own plan: an issue id goes
// through decisions_issue; no filter and a short id walk the rowid
// backwards and stop after `limit` rows that qualify.
std::string decision_list_sql(const DecisionFilter& filter) {
  std::string sql =
      "SELECT d.id, d.issue_id, d.outcome, COALESCE(d.rule, ''), d.reason, d.detail, d.facts, "
      "d.decided_at, dl.request_id, d.repeats, d.last_repeated_at FROM decisions d "
      "LEFT JOIN deliveries dl ON dl.id = d.delivery_id WHERE 1";
  if (filter.issue) sql += " AND d.issue_id = ?1";
  // json_valid first: json_extract raises an error on a malformed document.
  if (filter.short_id) {
    sql += " AND json_valid(d.facts) AND upper(json_extract(d.facts, '$.short_id')) = upper(?2)";
  }
  return sql + " ORDER BY d.id DESC LIMIT ?3";
}

}  // namespace

Result<std::vector<DecisionSummary>> Store::list_decisions(const DecisionFilter& filter,
                                                           int limit) {
  auto stmt = Statement::prepare(db_, decision_list_sql(filter));
  if (!stmt) return stmt.error();
  if (filter.issue) stmt->bind(1, filter.issue->value);
  if (filter.short_id) stmt->bind(2, *filter.short_id);
  stmt->bind(3, static_cast<std::int64_t>(limit));
  std::vector<DecisionSummary> rows;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return rows;
    DecisionSummary d;
    d.id = stmt->column_int(0);
    d.issue = IssueId{stmt->column_int(1)};
    d.outcome = stmt->column_text(2);
    d.rule = stmt->column_text(3);
    d.reason = stmt->column_text(4);
    d.detail = stmt->column_text(5);
    d.facts_json = stmt->column_text(6);
    d.decided_at = from_unix_ms(stmt->column_int(7));
    d.request_id = stmt->column_optional_text(8);
    d.repeats = stmt->column_int(9);
    if (auto at = stmt->column_optional_int(10)) d.last_repeated_at = from_unix_ms(*at);
    rows.push_back(std::move(d));
  }
}

}  // namespace autofixd::store
