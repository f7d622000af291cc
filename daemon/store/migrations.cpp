#include "store/migrations.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <string>

namespace autofixd::store {
namespace {

// Invariants live in the schema: one delivery per Request-ID, one run per
// decision, at most one active run per issue, one comment per run.
constexpr const char* kV1 = R"sql(
CREATE TABLE deliveries (
  id           INTEGER PRIMARY KEY,
  request_id   TEXT    NOT NULL UNIQUE,
  resource     TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  handling     TEXT    NOT NULL CHECK (handling IN ('evaluate','advance','ignore')),
  issue_id     INTEGER,
  body         TEXT    NOT NULL,
  received_at  INTEGER NOT NULL,
  state        TEXT    NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending','processed','ignored','dead')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT,
  processed_at INTEGER
);
CREATE INDEX deliveries_pending ON deliveries(id) WHERE state = 'pending';

CREATE TABLE decisions (
  id          INTEGER PRIMARY KEY,
  delivery_id INTEGER REFERENCES deliveries(id),
  issue_id    INTEGER NOT NULL,
  decided_at  INTEGER NOT NULL,
  outcome     TEXT    NOT NULL CHECK (outcome IN ('start','skip','watch','dry_run')),
  rule        TEXT,
  reason      TEXT    NOT NULL,
  detail      TEXT    NOT NULL,
  facts       TEXT    NOT NULL
);
CREATE INDEX decisions_issue ON decisions(issue_id, decided_at);

CREATE TABLE runs (
  id             INTEGER PRIMARY KEY,
  issue_id       INTEGER NOT NULL,
  decision_id    INTEGER NOT NULL UNIQUE REFERENCES decisions(id),
  rule           TEXT    NOT NULL,
  stopping_point TEXT    NOT NULL,
  instruction    TEXT    NOT NULL,
  state          TEXT    NOT NULL CHECK (state IN ('pending','starting','running','completed',
                                                  'failed','needs_input','timed_out','cancelled')),
  sentry_run_id  INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  started_at     INTEGER,
  finished_at    INTEGER,
  next_poll_at   INTEGER,
  poll_count     INTEGER NOT NULL DEFAULT 0,
  attempts       INTEGER NOT NULL DEFAULT 0,
  detail         TEXT    NOT NULL DEFAULT '',
  issue_title    TEXT    NOT NULL DEFAULT '',
  issue_short_id TEXT    NOT NULL DEFAULT '',
  issue_url      TEXT    NOT NULL DEFAULT '',
  last_state     TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX runs_one_active_per_issue ON runs(issue_id)
  WHERE state IN ('pending','starting','running');
CREATE INDEX runs_due ON runs(next_poll_at) WHERE next_poll_at IS NOT NULL;
CREATE INDEX runs_rule_started ON runs(rule, started_at);
CREATE INDEX runs_issue_started ON runs(issue_id, started_at);

CREATE TABLE comments (
  run_id            INTEGER PRIMARY KEY REFERENCES runs(id),
  issue_id          INTEGER NOT NULL,
  sentry_run_id     INTEGER,
  body              TEXT    NOT NULL,
  state             TEXT    NOT NULL CHECK (state IN ('pending','posting','posted','failed')),
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_at   INTEGER NOT NULL,
  sentry_comment_id TEXT    NOT NULL DEFAULT '',
  last_error        TEXT    NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  posted_at         INTEGER
);
CREATE INDEX comments_due ON comments(next_attempt_at) WHERE state IN ('pending','posting');

CREATE TABLE watch (
  issue_id      INTEGER PRIMARY KEY,
  next_check_at INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  reason        TEXT    NOT NULL
);
CREATE INDEX watch_due ON watch(next_check_at);
)sql";

// The rolling 24 h budget counts runs by created_at; without this index that
// count read every run ever made, once per decision.
constexpr const char* kV2 = R"sql(
CREATE INDEX runs_created ON runs(created_at);
)sql";

// A delivery's body is written once and only read after a restart; its state
// changes. In one row, every state change rewrote the body (a 4 KB webhook
// is an overflow page), so the body has a table of its own.
constexpr const char* kV3 = R"sql(
CREATE TABLE delivery_bodies (
  delivery_id INTEGER PRIMARY KEY REFERENCES deliveries(id),
  body        TEXT    NOT NULL
);
INSERT INTO delivery_bodies (delivery_id, body) SELECT id, body FROM deliveries;
ALTER TABLE deliveries DROP COLUMN body;
)sql";

// Seer's real lifecycle (docs/sentry.md "Seer lifecycle"): a run knows its
// Sentry identity (int id and UUID), how it came to be (started, followed,
// continued from an earlier run of ours), when its last start POST left
// (uncertain starts), and how far the pipeline got. A run waiting for a
// person's answer stays active. Each run may carry a question comment
// besides its result, so comments are keyed by (run, kind) and carry the
// marker they are found by.
constexpr const char* kV4 = R"sql(
ALTER TABLE runs ADD COLUMN sentry_run_uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN origin TEXT NOT NULL DEFAULT 'started';
ALTER TABLE runs ADD COLUMN continues_run INTEGER;
ALTER TABLE runs ADD COLUMN project TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN start_sent_at INTEGER;
ALTER TABLE runs ADD COLUMN sent_step TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN progress TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN stalled_since INTEGER;
ALTER TABLE runs ADD COLUMN input_since INTEGER;
ALTER TABLE runs ADD COLUMN timeout_from INTEGER;
UPDATE runs SET timeout_from = started_at;
DROP INDEX runs_one_active_per_issue;
CREATE UNIQUE INDEX runs_one_active_per_issue ON runs(issue_id)
  WHERE state IN ('pending','starting','running','needs_input');
CREATE INDEX runs_issue_sentry ON runs(issue_id, sentry_run_id);

CREATE TABLE comments_v4 (
  run_id            INTEGER NOT NULL REFERENCES runs(id),
  kind              TEXT    NOT NULL DEFAULT 'result' CHECK (kind IN ('result','question')),
  issue_id          INTEGER NOT NULL,
  sentry_run_id     INTEGER,
  marker            TEXT    NOT NULL DEFAULT '',
  body              TEXT    NOT NULL,
  state             TEXT    NOT NULL CHECK (state IN ('pending','posting','posted','failed')),
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_at   INTEGER NOT NULL,
  sentry_comment_id TEXT    NOT NULL DEFAULT '',
  last_error        TEXT    NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  posted_at         INTEGER,
  PRIMARY KEY (run_id, kind)
);
INSERT INTO comments_v4 (run_id, kind, issue_id, sentry_run_id, marker, body, state, attempts,
                         next_attempt_at, sentry_comment_id, last_error, created_at, posted_at)
  SELECT run_id, 'result', issue_id, sentry_run_id,
         CASE WHEN sentry_run_id IS NULL THEN '' ELSE 'autofixd:run:' || sentry_run_id END,
         body, state, attempts, next_attempt_at, sentry_comment_id, last_error, created_at,
         posted_at FROM comments;
DROP TABLE comments;
ALTER TABLE comments_v4 RENAME TO comments;
CREATE INDEX comments_due ON comments(next_attempt_at) WHERE state IN ('pending','posting');
)sql";

// Decisions may be `observe` (observe mode: decided, nothing started) and
// `queued`; the CHECK constraint can only change with the table, so it is
// copied (migrate() runs with foreign keys off and checks them after).
// `settings` holds what operators set through the CLI for the running
// daemon: the kill switch.
constexpr const char* kV5 = R"sql(
CREATE TABLE decisions_v5 (
  id          INTEGER PRIMARY KEY,
  delivery_id INTEGER REFERENCES deliveries(id),
  issue_id    INTEGER NOT NULL,
  decided_at  INTEGER NOT NULL,
  outcome     TEXT    NOT NULL
              CHECK (outcome IN ('start','skip','watch','dry_run','observe','queued')),
  rule        TEXT,
  reason      TEXT    NOT NULL,
  detail      TEXT    NOT NULL,
  facts       TEXT    NOT NULL
);
INSERT INTO decisions_v5 SELECT id, delivery_id, issue_id, decided_at, outcome, rule, reason,
  detail, facts FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_v5 RENAME TO decisions;
CREATE INDEX decisions_issue ON decisions(issue_id, decided_at);

CREATE TABLE settings (
  key        TEXT    PRIMARY KEY,
  value      TEXT    NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT    NOT NULL
);
)sql";

// The queue (decisions a budget or the kill switch holds back), kept in
// start order: Sentry priority, then events, then fixability, then age.
// Would-be starts of observe mode and dry-run count against budgets as if
// they had started, so they are counted by time.
constexpr const char* kV6 = R"sql(
CREATE TABLE queue (
  issue_id       INTEGER PRIMARY KEY,
  rule           TEXT    NOT NULL,
  reason         TEXT    NOT NULL,
  detail         TEXT    NOT NULL,
  priority_rank  INTEGER NOT NULL,
  events         INTEGER NOT NULL,
  fixability     REAL    NOT NULL,
  facts          TEXT    NOT NULL,
  issue_short_id TEXT    NOT NULL DEFAULT '',
  issue_title    TEXT    NOT NULL DEFAULT '',
  queued_at      INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL
);
CREATE INDEX queue_order ON queue(priority_rank, events DESC, fixability DESC, queued_at);
CREATE INDEX decisions_would_be ON decisions(decided_at) WHERE outcome IN ('observe','dry_run');
)sql";

// Hardening (issue 14):
// - Each pending delivery has its own next attempt (0: due at once), so one
//   that keeps failing waits out its own backoff while the rest go on; the
//   pending index leads with it, so due deliveries and the next due time
//   are index range reads however many wait.
// - A body replayed under a fresh Request-ID is a duplicate for 24 h:
//   body_digests keys each stored body's SHA-256 by its first 8 bytes (an
//   integer rowid, not a text index: compact, and cheap to insert) and keeps
//   the whole digest, so two bodies sharing a prefix are never confused.
//   It holds a day of deliveries; received_at finds the expired ones.
// - Row retention deletes a delivery only when no decision refers to it; the
//   index makes that check (and SQLite's own foreign-key check on each
//   delete) a lookup instead of a scan of every decision.
constexpr const char* kV7 = R"sql(
ALTER TABLE deliveries ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
DROP INDEX deliveries_pending;
CREATE INDEX deliveries_pending ON deliveries(next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX decisions_delivery ON decisions(delivery_id);
CREATE TABLE body_digests (
  key         INTEGER PRIMARY KEY,
  digest      BLOB    NOT NULL,
  delivery_id INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX body_digests_age ON body_digests(received_at);
)sql";

// Notifications (issue 13): one outbox row per message for a [[tracker]] or
// [[notify]] target, written with the run state or decision it reports;
// (target, event_key) unique, so writing an event again keeps one row. No
// foreign keys: a decision-time skip has no run, and row retention deletes
// a run's or decision's messages with it.
constexpr const char* kV8 = R"sql(
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  target          TEXT    NOT NULL,
  event_key       TEXT    NOT NULL,
  outcome         TEXT    NOT NULL,
  issue_id        INTEGER NOT NULL,
  run_id          INTEGER,
  decision_id     INTEGER,
  payload         TEXT    NOT NULL,
  state           TEXT    NOT NULL
                  CHECK (state IN ('pending','sending','sent','skipped','dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT    NOT NULL DEFAULT '',
  remote_ref      TEXT    NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  UNIQUE (target, event_key)
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state IN ('pending','sending');
CREATE INDEX outbox_dead ON outbox(id) WHERE state = 'dead';
CREATE INDEX outbox_run ON outbox(run_id) WHERE run_id IS NOT NULL;
CREATE INDEX outbox_decision ON outbox(decision_id) WHERE decision_id IS NOT NULL;
)sql";

// Operator requests (`autofixd start`, `retry`, `cancel`): the CLI writes
// a row, the running daemon acts on it and answers on the same row. No
// foreign keys: row retention may delete the runs and decisions a request
// names, and the request (who asked what, when) is still worth keeping.
constexpr const char* kV9 = R"sql(
CREATE TABLE operator_requests (
  id           INTEGER PRIMARY KEY,
  action       TEXT    NOT NULL CHECK (action IN ('start','retry','cancel')),
  issue_id     INTEGER,
  run_id       INTEGER,
  rule         TEXT    NOT NULL DEFAULT '',
  requested_by TEXT    NOT NULL,
  requested_at INTEGER NOT NULL,
  state        TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done','refused')),
  reason       TEXT    NOT NULL DEFAULT '',
  detail       TEXT    NOT NULL DEFAULT '',
  decision_id  INTEGER,
  new_run_id   INTEGER,
  answered_at  INTEGER
);
CREATE INDEX operator_requests_pending ON operator_requests(id) WHERE state = 'pending';
CREATE INDEX operator_requests_new_run ON operator_requests(new_run_id) WHERE new_run_id IS NOT NULL;
)sql";

// Repeated decisions (issue 16): a flood of deliveries for an issue whose run
// of ours is active is decided skip/already_running again and again. The
// first such decision is a row; each later one that says the same counts on
// it (repeats, last_repeated_at) instead of adding a row, and every decided
// delivery names its decision (deliveries.decision_id), so the trail from a
// delivery to why it was not acted on stays whole.
constexpr const char* kV10 = R"sql(
ALTER TABLE decisions ADD COLUMN repeats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN last_repeated_at INTEGER;
ALTER TABLE deliveries ADD COLUMN decision_id INTEGER;
)sql";

// The replay window in memory (issue 16): a UNIQUE index on Request-ID and
// body_digests keyed by body digest put every delivery's two keys at random
// pages of two B-trees, which was most of what intake wrote. Duplicates are
// now found through RecentKeys, rebuilt at start from the deliveries of the
// last 24 h: each row carries its body's digest (its Request-ID's is
// computed). The table is rebuilt to drop the UNIQUE constraint; a
// Request-ID is a duplicate for 24 h, as a body is (Sentry retries within
// minutes). body_digests keeps its rows and now holds only keys memory let
// go of (store/body_digests.hpp).
constexpr const char* kV11 = R"sql(
CREATE TABLE deliveries_v11 (
  id              INTEGER PRIMARY KEY,
  request_id      TEXT    NOT NULL,
  resource        TEXT    NOT NULL,
  action          TEXT    NOT NULL,
  handling        TEXT    NOT NULL CHECK (handling IN ('evaluate','advance','ignore')),
  issue_id        INTEGER,
  received_at     INTEGER NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending','processed','ignored','dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  processed_at    INTEGER,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  decision_id     INTEGER,
  body_digest     BLOB
);
INSERT INTO deliveries_v11 (id, request_id, resource, action, handling, issue_id, received_at,
                            state, attempts, last_error, processed_at, next_attempt_at,
                            decision_id, body_digest)
  SELECT d.id, d.request_id, d.resource, d.action, d.handling, d.issue_id, d.received_at,
         d.state, d.attempts, d.last_error, d.processed_at, d.next_attempt_at, d.decision_id,
         b.digest
  FROM deliveries d LEFT JOIN body_digests b ON b.delivery_id = d.id;
DROP TABLE deliveries;
ALTER TABLE deliveries_v11 RENAME TO deliveries;
CREATE INDEX deliveries_pending ON deliveries(next_attempt_at, id) WHERE state = 'pending';
)sql";

// The replay window's spilled keys leave the store file (issue 16): they are
// derived from the deliveries rows, which every start reads again to rebuild
// them, so they need no fsync, no WAL and no checkpoint. Store::open keeps
// them in a private temporary database instead (store/body_digests.hpp).
constexpr const char* kV12 = R"sql(
DROP TABLE body_digests;
)sql";

constexpr std::array<const char*, kSchemaVersion> kMigrations = {
    kV1, kV2, kV3, kV4, kV5, kV6, kV7, kV8, kV9, kV10, kV11, kV12};

Result<int> user_version(Database& db) {
  auto stmt = Statement::prepare(db, "PRAGMA user_version");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return static_cast<int>(stmt->column_int(0));
}

Result<std::int64_t> single_int(Database& db, const char* sql) {
  auto stmt = Statement::prepare(db, sql);
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return *row ? stmt->column_int(0) : 0;
}

// Runs one migration in its own transaction; the copied tables must leave
// every foreign key satisfied before it commits.
Status apply_migration(Database& db, int version) {
  Transaction tx(db);
  if (!tx.began()) return tx.began().error();
  if (auto s = db.exec(kMigrations[static_cast<std::size_t>(version)]); !s) return s.error();
  auto broken = single_int(db, "SELECT COUNT(*) FROM pragma_foreign_key_check");
  if (!broken) return broken.error();
  if (*broken > 0) {
    return make_error("store.migration", "schema migration to version " +
                                             std::to_string(version + 1) + " of " + db.path() +
                                             " would break " + std::to_string(*broken) +
                                             " foreign keys; the store is left as it was");
  }
  if (auto s = db.exec("PRAGMA user_version = " + std::to_string(version + 1)); !s)
    return s.error();
  return tx.commit();
}

// While a migration runs: calls its MigrationProgress about once a second,
// from SQLite's progress handler (every kInstructions virtual machine steps).
class ProgressReporter {
 public:
  ProgressReporter(Database& db, const MigrationProgress& progress, int to)
      : db_(db), progress_(progress), to_(to), started_(std::chrono::steady_clock::now()),
        last_(started_) {
    if (!progress_) return;
    progress_(to_, Millis{0});
    sqlite3_progress_handler(db_.handle(), kInstructions, &ProgressReporter::tick, this);
  }
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;
  ~ProgressReporter() {
    if (progress_) sqlite3_progress_handler(db_.handle(), 0, nullptr, nullptr);
  }

 private:
  static constexpr int kInstructions = 100000;

  static int tick(void* self) {
    auto& reporter = *static_cast<ProgressReporter*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (now - reporter.last_ >= std::chrono::seconds(1)) {
      reporter.last_ = now;
      // Called from SQLite's C code: an exception must not unwind through
      // it, and a report that failed (out of memory) is only a report.
      try {
        reporter.progress_(reporter.to_,
                           std::chrono::duration_cast<Millis>(now - reporter.started_));
      } catch (...) {  // NOLINT(bugprone-empty-catch)
      }
    }
    return 0;  // never interrupts the migration
  }

  Database& db_;
  const MigrationProgress& progress_;
  int to_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace

Status migrate(Database& db, int target, const MigrationProgress& progress) {
  auto version = user_version(db);
  if (!version) return version.error();
  if (*version > kSchemaVersion) {
    return make_error("store.version", "store " + db.path() + " has schema version " +
                                           std::to_string(*version) +
                                           ", newer than this autofixd understands (" +
                                           std::to_string(kSchemaVersion) + "); upgrade autofixd");
  }
  if (*version >= std::min(target, kSchemaVersion)) return {};
  // A table others reference can only be copied with foreign keys off
  // (SQLite would count its old rows as violations); apply_migration checks
  // them instead. The pragma cannot change inside a transaction.
  auto keys_were_on = single_int(db, "PRAGMA foreign_keys");
  if (!keys_were_on) return keys_were_on.error();
  if (auto s = db.exec("PRAGMA foreign_keys = OFF"); !s) return s.error();
  Status migrated;
  for (int v = *version; v < std::min(target, kSchemaVersion) && migrated; ++v) {
    const ProgressReporter reporter(db, progress, v + 1);
    migrated = apply_migration(db, v);
  }
  if (*keys_were_on != 0) {
    if (auto s = db.exec("PRAGMA foreign_keys = ON"); !s) return s.error();
  }
  return migrated;
}

}  // namespace autofixd::store
