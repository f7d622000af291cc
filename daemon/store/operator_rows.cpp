// Operator requests: the CLI's side of `autofixd start`, `retry` and
// `cancel`, and the running daemon's answers.
#include "store/store.hpp"

namespace autofixd::store {
namespace {

constexpr const char* kColumns =
    "id, action, issue_id, run_id, rule, requested_by, requested_at, state, reason, detail, "
    "decision_id, new_run_id, answered_at";

OperatorRequest read_request(const Statement& s) {
  OperatorRequest r;
  r.id = s.column_int(0);
  r.ask.action = parse_operator_action(s.column_text(1)).value_or(OperatorAction::start);
  if (auto issue = s.column_optional_int(2)) r.ask.issue = IssueId{*issue};
  if (auto run = s.column_optional_int(3)) r.ask.run = RunId{*run};
  r.ask.rule = s.column_text(4);
  r.ask.by = s.column_text(5);
  r.ask.requested_at = from_unix_ms(s.column_int(6));
  r.state = s.column_text(7);
  r.reason = s.column_text(8);
  r.detail = s.column_text(9);
  r.decision_id = s.column_optional_int(10);
  if (auto run = s.column_optional_int(11)) r.new_run = RunId{*run};
  if (auto at = s.column_optional_int(12)) r.answered_at = from_unix_ms(*at);
  return r;
}

// Answers request `id` if it is still pending; db.changes() says whether it was.
Status answer(Database& db, std::int64_t id, const OperatorAnswer& answer, SysTime now,
              std::optional<std::int64_t> decision, std::optional<RunId> run) {
  auto stmt = Statement::prepare(
      db,
      "UPDATE operator_requests SET state = ?2, reason = ?3, detail = ?4, answered_at = ?5, "
      "decision_id = ?6, new_run_id = ?7 WHERE id = ?1 AND state = 'pending'");
  if (!stmt) return stmt.error();
  stmt->bind(1, id).bind(2, answer.state).bind(3, answer.reason).bind(4, answer.detail);
  stmt->bind(5, to_unix_ms(now)).bind(6, decision);
  if (run) stmt->bind(7, run->value); else stmt->bind_null(7);
  return stmt->run();
}

}  // namespace

Result<std::int64_t> Store::add_operator_request(const NewOperatorRequest& request) {
  auto stmt = Statement::prepare(
      db_,
      "INSERT INTO operator_requests (action, issue_id, run_id, rule, requested_by, "
      "requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt) return stmt.error();
  stmt->bind(1, to_string(request.action));
  if (request.issue) stmt->bind(2, request.issue->value); else stmt->bind_null(2);
  if (request.run) stmt->bind(3, request.run->value); else stmt->bind_null(3);
  stmt->bind(4, request.rule).bind(5, request.by).bind(6, to_unix_ms(request.requested_at));
  if (auto s = stmt->run(); !s) return s.error();
  return db_.last_insert_rowid();
}

Result<std::optional<OperatorRequest>> Store::operator_request(std::int64_t id) {
  auto stmt = Statement::prepare(
      db_, std::string("SELECT ") + kColumns + " FROM operator_requests WHERE id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<OperatorRequest>{};
  return std::optional<OperatorRequest>{read_request(*stmt)};
}

Result<std::vector<OperatorRequest>> Store::pending_operator_requests(
    const std::vector<OperatorAction>& actions, int limit) {
  auto stmt = Statement::prepare(
      db_, std::string("SELECT ") + kColumns +
               " FROM operator_requests WHERE state = 'pending' ORDER BY id LIMIT ?1");
  if (!stmt) return stmt.error();
  // Few rows are ever pending: filtering by action here keeps one statement.
  stmt->bind(1, static_cast<std::int64_t>(limit) * 4);
  std::vector<OperatorRequest> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row || out.size() >= static_cast<std::size_t>(limit)) return out;
    OperatorRequest request = read_request(*stmt);
    for (const OperatorAction action : actions) {
      if (request.ask.action == action) {
        out.push_back(std::move(request));
        break;
      }
    }
  }
}

Status Store::answer_operator_request(std::int64_t id, const OperatorAnswer& reply, SysTime now) {
  return answer(db_, id, reply, now, std::nullopt, std::nullopt);
}

Result<std::optional<RecordedDecision>> Store::record_operator_decision(
    std::int64_t request, const DecisionRecord& record, const OperatorAnswer& reply) {
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  auto current = operator_request(request);
  if (!current) return current.error();
  if (!*current || (*current)->state != "pending") return std::optional<RecordedDecision>{};
  auto recorded = record_decision_in_transaction(record);
  if (!recorded) return recorded.error();
  OperatorAnswer given = reply;
  if (recorded->lost_to_active_run) {
    given = {"refused", "already_running", "a run is already active for issue " +
                                               record.issue.str() + "; nothing started"};
  }
  if (auto s = answer(db_, request, given, record.decided_at, recorded->decision_id, recorded->run);
      !s) {
    return s.error();
  }
  if (auto s = tx.commit(); !s) return s.error();
  return std::optional<RecordedDecision>{*recorded};
}

Result<std::map<std::int64_t, std::string>> Store::operator_started(
    const std::vector<RunId>& runs) {
  auto stmt = Statement::prepare(
      db_, "SELECT action, requested_by FROM operator_requests WHERE new_run_id = ?1 LIMIT 1");
  if (!stmt) return stmt.error();
  std::map<std::int64_t, std::string> out;
  for (const RunId run : runs) {
    stmt->reset();
    stmt->bind(1, run.value);
    auto row = stmt->step();
    if (!row) return row.error();
    if (*row) out[run.value] = "operator_" + stmt->column_text(0) + " by " + stmt->column_text(1);
  }
  return out;
}

}  // namespace autofixd::store
