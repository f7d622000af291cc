// Decisions, the history rules need, and the watch list.
#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <tuple>
#include <variant>

#include "store/run_state_sql.hpp"
#include "store/store.hpp"

namespace autofixd::store {
namespace {

Result<std::int64_t> insert_decision(Database& db, const DecisionRecord& r,
                                     std::string_view outcome, std::string_view reason) {
  auto stmt = Statement::prepare(
      db,
      "INSERT INTO decisions (delivery_id, issue_id, decided_at, outcome, rule, reason, detail, "
      "facts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!stmt) return stmt.error();
  if (r.delivery) stmt->bind(1, r.delivery->value); else stmt->bind_null(1);
  stmt->bind(2, r.issue.value).bind(3, to_unix_ms(r.decided_at)).bind(4, outcome);
  if (r.rule.empty()) stmt->bind_null(5); else stmt->bind(5, r.rule);
  stmt->bind(6, reason).bind(7, r.detail).bind(8, r.facts_text());
  if (auto s = stmt->run(); !s) return s.error();
  return db.last_insert_rowid();
}

// Creates the run; returns nullopt when the partial unique index says the
// issue already has an active run.
Result<std::optional<RunId>> insert_run(Database& db, const DecisionRecord& r,
                                        std::int64_t decision_id) {
  auto stmt = Statement::prepare(
      db,
      "INSERT INTO runs (issue_id, decision_id, rule, stopping_point, instruction, state, "
      "created_at, updated_at, next_poll_at, issue_title, issue_short_id, issue_url, origin, "
      "continues_run, sentry_run_id, sentry_run_uuid, project) "
      "VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?6, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
      "ON CONFLICT DO NOTHING");
  if (!stmt) return stmt.error();
  stmt->bind(1, r.issue.value).bind(2, decision_id).bind(3, r.rule);
  stmt->bind(4, config::to_string(r.stopping_point)).bind(5, r.instruction);
  stmt->bind(6, to_unix_ms(r.decided_at)).bind(7, r.issue_title).bind(8, r.issue_short_id);
  stmt->bind(9, r.issue_url).bind(10, to_string(r.origin));
  if (r.continues_run) stmt->bind(11, r.continues_run->value); else stmt->bind_null(11);
  if (r.sentry_run) stmt->bind(12, r.sentry_run->value); else stmt->bind_null(12);
  stmt->bind(13, r.sentry_run_uuid).bind(14, r.project);
  if (auto s = stmt->run(); !s) return s.error();
  if (db.changes() == 0) return std::optional<RunId>{};
  return std::optional<RunId>{RunId{db.last_insert_rowid()}};
}

Status upsert_watch(Database& db, const DecisionRecord& r) {
  auto stmt = Statement::prepare(
      db,
      "INSERT INTO watch (issue_id, next_check_at, expires_at, reason) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(issue_id) DO UPDATE SET next_check_at = excluded.next_check_at, "
      "reason = excluded.reason");
  if (!stmt) return stmt.error();
  stmt->bind(1, r.issue.value).bind(2, to_unix_ms(r.recheck_at.value_or(r.decided_at)));
  stmt->bind(3, to_unix_ms(r.watch_expires_at.value_or(r.decided_at))).bind(4, r.reason);
  return stmt->run();
}

}  // namespace

Result<rules::History> Store::history(IssueId issue, SysTime now) {
  auto all = histories({issue}, now);
  if (!all) return all.error();
  return std::move(all->front());
}

Result<std::vector<rules::History>> Store::histories(const std::vector<IssueId>& issues,
                                                     SysTime now) {
  // The budgets' counts are the same for every issue of the batch.
  auto usage = budget_usage(now);
  if (!usage) return usage.error();
  // A run "starts" when it is decided; failed starts count toward cooldown too.
  static constexpr auto kIssueRuns =
      sql_join("SELECT MAX(created_at), COALESCE(MAX(state IN ", kActiveRunStates,
               "), 0) FROM runs WHERE issue_id = ?1");
  auto issue_runs = Statement::prepare(db_, kIssueRuns.data());
  if (!issue_runs) return issue_runs.error();
  // The newest run of ours that reached Seer, and when any of ours was last
  // active there (runs_issue_sentry index).
  auto seer_runs = Statement::prepare(
      db_,
      "SELECT id, sentry_run_id, sentry_run_uuid, stopping_point, state, "
      "(SELECT MAX(COALESCE(finished_at, updated_at)) FROM runs r2 WHERE r2.issue_id = ?1 "
      "  AND r2.sentry_run_id IS NOT NULL) "
      "FROM runs WHERE issue_id = ?1 AND sentry_run_id IS NOT NULL ORDER BY id DESC LIMIT 1");
  if (!seer_runs) return seer_runs.error();
  std::vector<rules::History> out;
  out.reserve(issues.size());
  // A flood names one issue many times in a batch: it is read once.
  std::map<std::int64_t, std::size_t> read_at;
  for (const IssueId issue : issues) {
    const auto [earlier, first] = read_at.emplace(issue.value, out.size());
    if (!first) {
      rules::History same = out[earlier->second];
      out.push_back(std::move(same));
      continue;
    }
    issue_runs->reset();
    issue_runs->bind(1, issue.value);
    if (auto row = issue_runs->step(); !row) return row.error();
    rules::History h;
    if (auto t = issue_runs->column_optional_int(0)) h.last_run_started = from_unix_ms(*t);
    h.active_run = issue_runs->column_int(1) != 0;
    h.usage = *usage;
    seer_runs->reset();
    seer_runs->bind(1, issue.value);
    auto row = seer_runs->step();
    if (!row) return row.error();
    if (*row) {
      rules::History::OurSeerRun last;
      last.run = RunId{seer_runs->column_int(0)};
      last.sentry_run = SentryRunId{seer_runs->column_int(1)};
      last.sentry_run_uuid = seer_runs->column_text(2);
      last.stopping_point = config::parse_stopping_point(seer_runs->column_text(3))
                                .value_or(config::StoppingPoint::root_cause);
      last.completed = seer_runs->column_text(4) == "completed";
      h.last_seer_run = std::move(last);
      if (auto t = seer_runs->column_optional_int(5)) h.our_seer_activity = from_unix_ms(*t);
    }
    out.push_back(std::move(h));
  }
  return out;
}

Result<RecordedDecision> Store::record_decision(const DecisionRecord& record) {
  auto applied = apply_delivery_steps({DeliveryStep{record}});
  if (!applied) return applied.error();
  return *applied->front().decision;
}

Result<std::vector<AppliedStep>> Store::apply_delivery_steps(
    const std::vector<DeliveryStep>& steps) {
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  const auto pending_before = pending_count_;
  auto applied = apply_steps(steps);
  if (applied) {
    if (auto s = tx.commit(); !s) applied = s.error();
  }
  if (!applied) pending_count_ = pending_before;
  return applied;
}

Result<std::vector<AppliedStep>> Store::apply_steps(const std::vector<DeliveryStep>& steps) {
  std::vector<AppliedStep> out;
  out.reserve(steps.size());
  for (const auto& step : steps) {
    AppliedStep applied;
    Status status;
    if (const auto* decision = std::get_if<DecisionRecord>(&step)) {
      auto recorded = record_decision_in_transaction(*decision);
      if (!recorded) return recorded.error();
      applied.decision = *recorded;
    } else if (const auto* advance = std::get_if<AdvanceRun>(&step)) {
      auto moved = poll_running_run_now(advance->issue, advance->sentry_run, advance->now);
      if (!moved) return moved.error();
      applied.run_moved = *moved;
      status = finish_delivery(advance->delivery, "processed", "");
    } else if (const auto* finished = std::get_if<FinishDelivery>(&step)) {
      status = finish_delivery(finished->delivery, finished->state, finished->error);
    } else if (const auto* failed = std::get_if<FailDelivery>(&step)) {
      status = fail_delivery(failed->delivery, failed->error, failed->max_attempts,
                             failed->next_attempt_at);
    }
    if (!status) return status.error();
    out.push_back(applied);
  }
  return out;
}

// Inside the caller's transaction.
Result<RecordedDecision> Store::record_decision_in_transaction(const DecisionRecord& record) {
  RecordedDecision out;
  std::string outcome = record.outcome;
  std::string reason = record.reason;
  if (outcome == "start") {
    if (auto active = active_run_for_issue(record.issue); !active) {
      return active.error();
    } else if (active->has_value()) {
      outcome = "skip";
      reason = "already_running";
      out.lost_to_active_run = true;
    }
  }
  if (auto repeated = repeat_decision(record, outcome, reason); !repeated) {
    return repeated.error();
  } else if (repeated->has_value()) {
    // The watch list and the queue were settled by the decision repeated:
    // any decision between would be the issue's newest instead.
    out.decision_id = **repeated;
    out.repeated = true;
    if (auto s = finish_delivery(*record.delivery, "processed", "", out.decision_id); !s) {
      return s.error();
    }
    return out;
  }
  auto decision = insert_decision(db_, record, outcome, reason);
  if (!decision) return decision.error();
  out.decision_id = *decision;
  if (auto s = insert_outbox_rows(record.outbox, record.decided_at, *decision); !s) {
    return s.error();
  }
  if (outcome == "start") {
    auto run = insert_run(db_, record, *decision);
    if (!run) return run.error();
    out.run = *run;
  }
  // A watched issue, or one skipped until a known time (cooldown), stays
  // on the watch list; a queued one waits in the queue instead.
  const bool watched = outcome == "watch" || (outcome == "skip" && record.recheck_at);
  if (watched) {
    if (auto s = upsert_watch(db_, record); !s) return s.error();
  } else {
    if (auto s = remove_watch(record.issue); !s) return s.error();
  }
  if (outcome == "queued") {
    if (auto s = upsert_queued(record); !s) return s.error();
  } else {
    if (auto s = remove_queued(record.issue); !s) return s.error();
  }
  if (record.delivery) {
    if (auto s = finish_delivery(*record.delivery, "processed", "", out.decision_id); !s) {
      return s.error();
    }
  }
  return out;
}

Result<std::optional<std::int64_t>> Store::repeat_decision(const DecisionRecord& record,
                                                           std::string_view outcome,
                                                           std::string_view reason) {
  // Only a delivery's skip for an active run of ours: nothing about it can
  // differ from the last one but the facts, and no fresh fact starts a run.
  if (!record.delivery || outcome != "skip" || reason != "already_running") {
    return std::optional<std::int64_t>{};
  }
  auto skip = repeatable_skip(record.issue, record.rule, record.detail);
  if (!skip || !*skip) return skip;
  if (auto s = count_repeats(**skip, 1, record.decided_at); !s) return s.error();
  return skip;
}

Result<std::optional<std::int64_t>> Store::repeat_at_intake(const NewDelivery& delivery,
                                                            IntakeRepeats& batch) {
  if (!delivery.repeat || !delivery.issue) return std::optional<std::int64_t>{};
  const auto key = std::make_tuple(delivery.issue->value, std::string_view(delivery.repeat->rule),
                                   std::string_view(delivery.repeat->detail));
  auto known = batch.found.find(key);
  if (known == batch.found.end()) {
    static constexpr auto kActive =
        sql_join("SELECT 1 FROM runs WHERE issue_id = ?1 AND state IN ", kActiveRunStates);
    auto active = Statement::prepare(db_, kActive.data());
    if (!active) return active.error();
    active->bind(1, delivery.issue->value);
    auto row = active->step();
    if (!row) return row.error();
    std::optional<std::int64_t> decision;
    if (*row) {
      auto skip = repeatable_skip(*delivery.issue, delivery.repeat->rule, delivery.repeat->detail);
      if (!skip) return skip.error();
      decision = *skip;
    }
    known = batch.found
                .emplace(std::make_tuple(delivery.issue->value, delivery.repeat->rule,
                                         delivery.repeat->detail),
                         decision)
                .first;
  }
  if (known->second) {
    auto& [deliveries, latest] = batch.counts[*known->second];
    latest = deliveries == 0 ? delivery.received_at : std::max(latest, delivery.received_at);
    ++deliveries;
  }
  return known->second;
}

Status Store::count_intake_repeats(const IntakeRepeats& batch) {
  for (const auto& [decision, counted] : batch.counts) {
    if (auto s = count_repeats(decision, counted.first, counted.second); !s) return s;
  }
  return {};
}

Result<std::optional<std::int64_t>> Store::repeatable_skip(IssueId issue, std::string_view rule,
                                                           std::string_view detail) {
  auto newest = Statement::prepare(
      db_,
      "SELECT id, outcome, reason, COALESCE(rule, ''), detail FROM decisions "
      "WHERE issue_id = ?1 ORDER BY decided_at DESC, id DESC LIMIT 1");
  if (!newest) return newest.error();
  newest->bind(1, issue.value);
  auto row = newest->step();
  if (!row) return row.error();
  if (!*row || newest->column_text(1) != "skip" || newest->column_text(2) != "already_running" ||
      newest->column_text(3) != rule || newest->column_text(4) != detail) {
    return std::optional<std::int64_t>{};
  }
  return std::optional<std::int64_t>{newest->column_int(0)};
}

Status Store::count_repeats(std::int64_t decision, std::int64_t deliveries, SysTime at) {
  auto count = Statement::prepare(
      db_,
      "UPDATE decisions SET repeats = repeats + ?2, "
      "last_repeated_at = MAX(COALESCE(last_repeated_at, decided_at), ?3) WHERE id = ?1");
  if (!count) return count.error();
  count->bind(1, decision).bind(2, deliveries).bind(3, to_unix_ms(at));
  return count->run();
}

Result<std::vector<WatchRow>> Store::due_watches(SysTime now, int limit) {
  auto stmt = Statement::prepare(
      db_,
      "SELECT issue_id, next_check_at, expires_at, reason FROM watch WHERE next_check_at <= ?1 "
      "ORDER BY next_check_at LIMIT ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, to_unix_ms(now)).bind(2, static_cast<std::int64_t>(limit));
  std::vector<WatchRow> rows;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back({IssueId{stmt->column_int(0)}, from_unix_ms(stmt->column_int(1)),
                    from_unix_ms(stmt->column_int(2)), stmt->column_text(3)});
  }
}

Status Store::reschedule_watch(IssueId issue, SysTime next_check_at) {
  auto stmt = Statement::prepare(db_, "UPDATE watch SET next_check_at = ?2 WHERE issue_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, issue.value).bind(2, to_unix_ms(next_check_at));
  return stmt->run();
}

Status Store::remove_watch(IssueId issue) {
  auto stmt = Statement::prepare(db_, "DELETE FROM watch WHERE issue_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, issue.value);
  return stmt->run();
}

}  // namespace autofixd::store
