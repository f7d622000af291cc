// Runs and their comments.
#include <string>

#include "store/run_state_sql.hpp"
#include "store/store.hpp"

namespace autofixd::store {
namespace {

constexpr const char* kRunColumns =
    "id, issue_id, decision_id, rule, stopping_point, instruction, state, sentry_run_id, "
    "created_at, updated_at, started_at, finished_at, next_poll_at, poll_count, attempts, "
    "detail, issue_title, issue_short_id, issue_url, last_state, sentry_run_uuid, origin, "
    "continues_run, project, start_sent_at, sent_step, progress, stalled_since, input_since, "
    "timeout_from, "
    "(SELECT facts FROM decisions WHERE decisions.id = runs.decision_id)";

std::optional<SysTime> optional_time(const Statement& s, int i) {
  auto v = s.column_optional_int(i);
  if (!v) return std::nullopt;
  return from_unix_ms(*v);
}

std::optional<std::int64_t> optional_ms(const std::optional<SysTime>& t) {
  if (!t) return std::nullopt;
  return to_unix_ms(*t);
}

RunRow read_run(const Statement& s) {
  RunRow r;
  r.id = RunId{s.column_int(0)};
  r.issue = IssueId{s.column_int(1)};
  r.decision_id = s.column_int(2);
  r.rule = s.column_text(3);
  r.stopping_point =
      config::parse_stopping_point(s.column_text(4)).value_or(config::StoppingPoint::root_cause);
  r.instruction = s.column_text(5);
  r.state = parse_run_state(s.column_text(6)).value_or(RunState::failed);
  if (auto id = s.column_optional_int(7)) r.sentry_run = SentryRunId{*id};
  r.created_at = from_unix_ms(s.column_int(8));
  r.updated_at = from_unix_ms(s.column_int(9));
  r.started_at = optional_time(s, 10);
  r.finished_at = optional_time(s, 11);
  r.next_poll_at = optional_time(s, 12);
  r.poll_count = s.column_int(13);
  r.attempts = s.column_int(14);
  r.detail = s.column_text(15);
  r.issue_title = s.column_text(16);
  r.issue_short_id = s.column_text(17);
  r.issue_url = s.column_text(18);
  r.last_state = s.column_text(19);
  r.sentry_run_uuid = s.column_text(20);
  r.origin = parse_run_origin(s.column_text(21));
  if (auto id = s.column_optional_int(22)) r.continues_run = RunId{*id};
  r.project = s.column_text(23);
  r.start_sent_at = optional_time(s, 24);
  r.sent_step = s.column_text(25);
  r.progress = s.column_text(26);
  r.stalled_since = optional_time(s, 27);
  r.input_since = optional_time(s, 28);
  r.timeout_from = optional_time(s, 29);
  r.decision_facts = s.column_text(30);
  return r;
}

Result<std::vector<RunRow>> collect_runs(Statement& stmt) {
  std::vector<RunRow> rows;
  for (;;) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back(read_run(stmt));
  }
}

Result<std::optional<RunRow>> first_run(Statement& stmt) {
  auto rows = collect_runs(stmt);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<RunRow>{};
  return std::optional<RunRow>{std::move(rows->front())};
}

Status update_run(Database& db, const RunRow& r) {
  auto stmt = Statement::prepare(
      db,
      "UPDATE runs SET state = ?2, sentry_run_id = ?3, updated_at = ?4, started_at = ?5, "
      "finished_at = ?6, next_poll_at = ?7, poll_count = ?8, attempts = ?9, detail = ?10, "
      "last_state = ?11, sentry_run_uuid = ?12, origin = ?13, start_sent_at = ?14, "
      "sent_step = ?15, progress = ?16, stalled_since = ?17, input_since = ?18, "
      "timeout_from = ?19 WHERE id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, r.id.value).bind(2, to_string(r.state));
  stmt->bind(3, r.sentry_run ? std::optional<std::int64_t>(r.sentry_run->value) : std::nullopt);
  stmt->bind(4, to_unix_ms(r.updated_at)).bind(5, optional_ms(r.started_at));
  stmt->bind(6, optional_ms(r.finished_at)).bind(7, optional_ms(r.next_poll_at));
  stmt->bind(8, r.poll_count).bind(9, r.attempts).bind(10, r.detail).bind(11, r.last_state);
  stmt->bind(12, r.sentry_run_uuid).bind(13, to_string(r.origin));
  stmt->bind(14, optional_ms(r.start_sent_at)).bind(15, r.sent_step).bind(16, r.progress);
  stmt->bind(17, optional_ms(r.stalled_since)).bind(18, optional_ms(r.input_since));
  stmt->bind(19, optional_ms(r.timeout_from));
  return stmt->run();
}

Status insert_comment(Database& db, const CommentRow& c, SysTime now) {
  auto stmt = Statement::prepare(
      db,
      "INSERT INTO comments (run_id, kind, issue_id, sentry_run_id, marker, body, state, "
      "next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?7) "
      "ON CONFLICT(run_id, kind) DO NOTHING");
  if (!stmt) return stmt.error();
  stmt->bind(1, c.run.value).bind(2, to_string(c.kind)).bind(3, c.issue.value);
  stmt->bind(4, c.sentry_run ? std::optional<std::int64_t>(c.sentry_run->value) : std::nullopt);
  stmt->bind(5, c.marker).bind(6, c.body).bind(7, to_unix_ms(now));
  return stmt->run();
}

}  // namespace

Result<std::vector<RunRow>> Store::due_runs(SysTime now, int limit) {
  auto stmt = Statement::prepare(db_, std::string("SELECT ") + kRunColumns +
                                          " FROM runs WHERE next_poll_at IS NOT NULL AND "
                                          "next_poll_at <= ?1 ORDER BY next_poll_at LIMIT ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, to_unix_ms(now)).bind(2, static_cast<std::int64_t>(limit));
  return collect_runs(*stmt);
}

Result<std::optional<RunRow>> Store::run(RunId id) {
  auto stmt =
      Statement::prepare(db_, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, id.value);
  return first_run(*stmt);
}

Result<std::optional<RunRow>> Store::active_run_for_issue(IssueId issue) {
  static constexpr auto kActiveForIssue =
      sql_join(" FROM runs WHERE issue_id = ?1 AND state IN ", kActiveRunStates);
  auto stmt =
      Statement::prepare(db_, std::string("SELECT ") + kRunColumns + kActiveForIssue.data());
  if (!stmt) return stmt.error();
  stmt->bind(1, issue.value);
  return first_run(*stmt);
}

Result<std::vector<RunRow>> Store::list_runs(std::optional<RunState> state, int limit) {
  auto stmt = Statement::prepare(db_, std::string("SELECT ") + kRunColumns +
                                          " FROM runs WHERE (?1 IS NULL OR state = ?1) "
                                          "ORDER BY id DESC LIMIT ?2");
  if (!stmt) return stmt.error();
  if (state) stmt->bind(1, to_string(*state)); else stmt->bind_null(1);
  stmt->bind(2, static_cast<std::int64_t>(limit));
  return collect_runs(*stmt);
}

Status Store::save_run(const RunRow& run, const std::vector<OutboxEntry>& outbox) {
  if (outbox.empty()) return update_run(db_, run);
  Transaction tx(db_);
  if (!tx.began()) return tx.began();
  if (auto s = update_run(db_, run); !s) return s;
  if (auto s = insert_outbox_rows(outbox, run.updated_at); !s) return s;
  return tx.commit();
}

Result<bool> Store::poll_running_run_now(IssueId issue, std::optional<SentryRunId> sentry_run,
                                         SysTime now) {
  auto stmt = Statement::prepare(
      db_,
      "UPDATE runs SET next_poll_at = ?2 WHERE issue_id = ?1 AND "
      "state IN ('running','needs_input') AND (?3 IS NULL OR sentry_run_id = ?3)");
  if (!stmt) return stmt.error();
  stmt->bind(1, issue.value).bind(2, to_unix_ms(now));
  if (sentry_run) stmt->bind(3, sentry_run->value); else stmt->bind_null(3);
  if (auto s = stmt->run(); !s) return s.error();
  return db_.changes() > 0;
}

Status Store::finish_run(const RunRow& run, const std::string& comment_body,
                         const std::string& marker, const std::vector<OutboxEntry>& outbox) {
  CommentRow comment;
  comment.run = run.id;
  comment.issue = run.issue;
  comment.sentry_run = run.sentry_run;
  comment.marker = marker;
  comment.body = comment_body;
  return save_run_with_comment(run, comment_body.empty() ? nullptr : &comment, outbox);
}

Status Store::save_run_with_comment(const RunRow& run, const CommentRow* comment,
                                    const std::vector<OutboxEntry>& outbox) {
  Transaction tx(db_);
  if (!tx.began()) return tx.began();
  if (auto s = update_run(db_, run); !s) return s;
  if (comment != nullptr) {
    if (auto s = insert_comment(db_, *comment, run.updated_at); !s) return s;
  }
  if (auto s = insert_outbox_rows(outbox, run.updated_at); !s) return s;
  return tx.commit();
}

Result<std::vector<RunRow>> Store::runs_for_issue(IssueId issue, int limit) {
  auto stmt = Statement::prepare(db_, std::string("SELECT ") + kRunColumns +
                                          " FROM runs WHERE issue_id = ?1 ORDER BY id DESC LIMIT ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, issue.value).bind(2, static_cast<std::int64_t>(limit));
  return collect_runs(*stmt);
}

Result<bool> Store::is_earlier_run(IssueId issue, SentryRunId sentry_run, RunId self) {
  auto stmt = Statement::prepare(
      db_, "SELECT COUNT(*) FROM runs WHERE issue_id = ?1 AND sentry_run_id = ?2 AND id != ?3");
  if (!stmt) return stmt.error();
  stmt->bind(1, issue.value).bind(2, sentry_run.value).bind(3, self.value);
  auto row = stmt->step();
  if (!row) return row.error();
  return *row && stmt->column_int(0) > 0;
}

Result<std::int64_t> Store::retry_waiting_now(SysTime now) {
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  const auto ms = to_unix_ms(now);
  std::int64_t changed = 0;
  static constexpr auto kRunsNow =
      sql_join("UPDATE runs SET next_poll_at = ?1 WHERE state IN ", kActiveRunStates,
               " AND attempts > 0 AND next_poll_at > ?1");
  for (const char* sql :
       {kRunsNow.data(),
        "UPDATE comments SET next_attempt_at = ?1 WHERE state IN ('pending','posting') "
        "AND attempts > 0 AND next_attempt_at > ?1",
        "UPDATE deliveries SET next_attempt_at = ?1 WHERE state = 'pending' "
        "AND next_attempt_at > ?1",
        "UPDATE outbox SET next_attempt_at = ?1 WHERE state IN ('pending','sending') "
        "AND attempts > 0 AND next_attempt_at > ?1"}) {
    auto stmt = Statement::prepare(db_, sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, ms);
    if (auto s = stmt->run(); !s) return s.error();
    changed += db_.changes();
  }
  if (auto s = tx.commit(); !s) return s.error();
  return changed;
}

Result<std::vector<CommentRow>> Store::due_comments(SysTime now, int limit) {
  auto stmt = Statement::prepare(
      db_,
      "SELECT run_id, issue_id, sentry_run_id, body, state, attempts, next_attempt_at, "
      "sentry_comment_id, kind, marker FROM comments WHERE state IN ('pending','posting') AND next_attempt_at <= ?1 "
      "ORDER BY next_attempt_at LIMIT ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, to_unix_ms(now)).bind(2, static_cast<std::int64_t>(limit));
  std::vector<CommentRow> rows;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return rows;
    CommentRow c;
    c.run = RunId{stmt->column_int(0)};
    c.issue = IssueId{stmt->column_int(1)};
    if (auto id = stmt->column_optional_int(2)) c.sentry_run = SentryRunId{*id};
    c.body = stmt->column_text(3);
    const auto state = stmt->column_text(4);
    c.state = state == "posting" ? CommentState::posting : CommentState::pending;
    c.attempts = stmt->column_int(5);
    c.next_attempt_at = from_unix_ms(stmt->column_int(6));
    c.sentry_comment_id = stmt->column_text(7);
    c.kind = stmt->column_text(8) == "question" ? CommentKind::question : CommentKind::result;
    c.marker = stmt->column_text(9);
    rows.push_back(std::move(c));
  }
}

Status Store::save_comment(const CommentRow& c, std::string_view error) {
  auto stmt = Statement::prepare(
      db_,
      "UPDATE comments SET state = ?2, attempts = ?3, next_attempt_at = ?4, "
      "sentry_comment_id = ?5, last_error = ?6, posted_at = CASE WHEN ?2 = 'posted' THEN ?4 "
      "ELSE posted_at END WHERE run_id = ?1 AND kind = ?7");
  if (!stmt) return stmt.error();
  const char* state = c.state == CommentState::posted    ? "posted"
                      : c.state == CommentState::posting ? "posting"
                      : c.state == CommentState::failed  ? "failed"
                                                         : "pending";
  stmt->bind(1, c.run.value).bind(2, std::string_view(state)).bind(3, c.attempts);
  stmt->bind(4, to_unix_ms(c.next_attempt_at)).bind(5, c.sentry_comment_id).bind(6, error);
  stmt->bind(7, to_string(c.kind));
  return stmt->run();
}

namespace {

Result<std::optional<SysTime>> single_time(Database& db, const char* sql) {
  auto stmt = Statement::prepare(db, sql);
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row || stmt->column_is_null(0)) return std::optional<SysTime>{};
  return std::optional<SysTime>{from_unix_ms(stmt->column_int(0))};
}

}  // namespace

Result<std::optional<SysTime>> Store::next_run_or_comment_due() {
  return single_time(db_,
                     "SELECT MIN(t) FROM ("
                     " SELECT MIN(next_poll_at) AS t FROM runs WHERE next_poll_at IS NOT NULL"
                     " UNION ALL SELECT MIN(next_attempt_at) FROM comments"
                     "   WHERE state IN ('pending','posting'))");
}

Result<std::optional<SysTime>> Store::next_watch_due() {
  return single_time(db_, "SELECT MIN(next_check_at) FROM watch");
}

Result<RunCounts> Store::counts() {
  auto stmt = Statement::prepare(
      db_,
      "SELECT 'run:' || state, COUNT(*) FROM runs GROUP BY state"
      " UNION ALL SELECT 'comments_pending', COUNT(*) FROM comments"
      "   WHERE state IN ('pending','posting')"
      " UNION ALL SELECT 'outbox_pending', COUNT(*) FROM outbox"
      "   WHERE state IN ('pending','sending')"
      " UNION ALL SELECT 'outbox_dead', COUNT(*) FROM outbox WHERE state = 'dead'"
      " UNION ALL SELECT 'deliveries:' || state, COUNT(*) FROM deliveries"
      "   WHERE state IN ('pending','dead') GROUP BY state"
      " UNION ALL SELECT 'watched', COUNT(*) FROM watch");
  if (!stmt) return stmt.error();
  RunCounts c;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return c;
    const auto key = stmt->column_text(0);
    const auto n = stmt->column_int(1);
    if (key == "run:pending") c.pending = n;
    else if (key == "run:starting") c.starting = n;
    else if (key == "run:running") c.running = n;
    else if (key == "run:completed") c.completed = n;
    else if (key == "run:failed") c.failed = n;
    else if (key == "run:needs_input") c.needs_input = n;
    else if (key == "run:timed_out") c.timed_out = n;
    else if (key == "run:cancelled") c.cancelled = n;
    else if (key == "comments_pending") c.comments_pending = n;
    else if (key == "outbox_pending") c.outbox_pending = n;
    else if (key == "outbox_dead") c.outbox_dead = n;
    else if (key == "deliveries:pending") c.deliveries_pending = n;
    else if (key == "deliveries:dead") c.deliveries_dead = n;
    else if (key == "watched") c.watched = n;
  }
}

}  // namespace autofixd::store
