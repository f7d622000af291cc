#include "store/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <system_error>
#include <vector>

#include <spdlog/spdlog.h>

#include "store/body_codec.hpp"
#include "store/body_digests.hpp"
#include "store/migrations.hpp"

namespace autofixd::store {
namespace {

// The store holds webhook bodies and Seer's results: outside systemd (whose
// StateDirectoryMode and UMask see to it) the directories autofixd creates
// are 0700 and the file 0600, whatever the umask; existing ones keep the
// mode the operator chose. SQLite gives -wal and -shm the file's mode.
Error creation_error(const std::string& what, const std::string& path) {
  return make_error("store.open",
                    "cannot create " + what + " " + path + ": " + std::strerror(errno));
}

Status create_private_directory(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0) {
    if (errno == EEXIST) return {};
    return creation_error("store directory", dir.string());
  }
  // mkdir's mode went through the umask; set it exactly.
  if (::chmod(dir.c_str(), 0700) != 0) return creation_error("store directory", dir.string());
  return {};
}

Status create_parent_directory(const std::string& path) {
  std::vector<std::filesystem::path> missing;
  std::error_code ignored;  // an unreadable ancestor shows up as mkdir's error
  for (auto dir = std::filesystem::path(path).parent_path();
       !dir.empty() && !std::filesystem::exists(dir, ignored) && dir != dir.parent_path();
       dir = dir.parent_path()) {
    missing.push_back(dir);
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (auto s = create_private_directory(*it); !s) return s;
  }
  return {};
}

Status create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return {};
    return creation_error("store", path);
  }
  // open's mode went through the umask too.
  const bool exact = ::fchmod(fd, 0600) == 0;
  Status status = exact ? Status{} : Status{creation_error("store", path)};
  ::close(fd);
  return status;
}

}  // namespace

Status Store::create_file(const std::string& path) {
  if (auto s = create_parent_directory(path); !s) return s;
  return create_private_file(path);
}

Result<Store> Store::open(const std::string& path, const MigrationProgress& progress) {
  if (auto s = create_file(path); !s) return s.error();
  auto db = Database::open(path);
  if (!db) return db.error();
  // WAL + synchronous=FULL: a committed delivery survives power loss, and
  // readers (the CLI) never block the writer.
  constexpr const char* kPragmas =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
      "PRAGMA busy_timeout=5000;";
  if (auto s = db->exec(kPragmas); !s) return s.error();
  if (auto s = migrate(*db, kSchemaVersion, progress); !s) return s.error();
  if (auto s = digests::attach_spill_table(*db); !s) return s.error();
  Store store(std::move(*db));
  if (auto s = store.count_pending(); !s) return s.error();
  return store;
}

Status Store::count_pending() {
  auto stmt = Statement::prepare(db_, "SELECT COUNT(*) FROM deliveries WHERE state = 'pending'");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  pending_count_ = stmt->column_int(0);
  return {};
}

Result<Store> Store::open_read_only(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    return make_error("store.open", "store " + path + " does not exist (has the daemon run yet?)");
  }
  auto db = Database::open(path);
  if (!db) return db.error();
  if (auto s = db->exec("PRAGMA busy_timeout=5000;"); !s) return s.error();
  return Store(std::move(*db));
}

Result<InsertedDelivery> Store::insert_delivery(const NewDelivery& delivery) {
  auto results = insert_deliveries({delivery});
  if (!results) return results.error();
  return results->front();
}

Result<std::vector<InsertedDelivery>> Store::insert_deliveries(
    const std::vector<NewDelivery>& batch) {
  if (auto s = load_recent_keys(); !s) return s.error();
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  auto insert = Statement::prepare(
      db_,
      "INSERT INTO deliveries (request_id, resource, action, handling, issue_id, received_at, "
      "body_digest, state, processed_at, decision_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!insert) return insert.error();
  auto insert_body =
      Statement::prepare(db_, "INSERT INTO delivery_bodies (delivery_id, body) VALUES (?1, ?2)");
  if (!insert_body) return insert_body.error();

  std::vector<InsertedDelivery> results;
  results.reserve(batch.size());
  IntakeRepeats repeats;
  for (const auto& d : batch) {
    // An earlier delivery of this batch counts: it is inserted already.
    const Xxh128Digest request = digests::request_digest(d.request_id);
    auto stored = find_stored_copy(d, request);
    if (!stored) return stored.error();
    if (*stored) {
      results.push_back(**stored);
      continue;
    }
    auto repeated = repeat_at_intake(d, repeats);
    if (!repeated) return repeated.error();
    insert->reset();
    insert->bind(1, d.request_id).bind(2, d.resource).bind(3, d.action).bind(4, d.handling);
    if (d.issue) insert->bind(5, d.issue->value); else insert->bind_null(5);
    insert->bind(6, to_unix_ms(d.received_at));
    if (d.body_digest) insert->bind_blob(7, digests::bytes_of(*d.body_digest));
    else insert->bind_null(7);
    if (*repeated) {
      insert->bind(8, "processed").bind(9, to_unix_ms(std::chrono::system_clock::now()));
      insert->bind(10, **repeated);
    } else {
      insert->bind(8, "pending").bind_null(9).bind_null(10);
    }
    if (auto s = insert->run(); !s) return s.error();
    const DeliveryId id{db_.last_insert_rowid()};
    insert_body->reset();
    insert_body->bind(1, id.value).bind_blob(2, compress_body(d.body));
    if (auto s = insert_body->run(); !s) return s.error();
    // Should the transaction roll back, the entry is stale: harmless, as
    // every key found is confirmed against the stored row.
    recent_.add({id.value, to_unix_ms(d.received_at), digests::key_of(request),
                 d.body_digest ? digests::key_of(*d.body_digest) : 0, d.body_digest.has_value()});
    results.push_back({id, false, false, *repeated});
  }
  if (auto s = count_intake_repeats(repeats); !s) return s.error();
  if (auto s = tx.commit(); !s) return s.error();
  for (const auto& r : results) pending_count_ += r.duplicate || r.repeated_decision ? 0 : 1;
  return results;
}

namespace {

constexpr const char* kPendingColumns =
    "SELECT id, request_id, resource, action, handling, issue_id, attempts, received_at "
    "FROM deliveries WHERE state = 'pending' ";

// Appends the rows of `stmt` (kPendingColumns) to `rows`.
Status read_pending_rows(Statement& stmt, std::vector<DeliveryRow>& rows) {
  for (;;) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return {};
    DeliveryRow d;
    d.id = DeliveryId{stmt.column_int(0)};
    d.request_id = stmt.column_text(1);
    d.resource = stmt.column_text(2);
    d.action = stmt.column_text(3);
    d.handling = stmt.column_text(4);
    if (auto issue = stmt.column_optional_int(5)) d.issue = IssueId{*issue};
    d.attempts = stmt.column_int(6);
    d.received_at = from_unix_ms(stmt.column_int(7));
    rows.push_back(std::move(d));
  }
}

}  // namespace

Result<std::vector<DeliveryRow>> Store::pending_deliveries(
    int limit, const std::vector<DeliveryId>& bodies_not_needed, std::optional<SysTime> due_at) {
  // Two range reads of deliveries_pending (next_attempt_at, id): those never
  // tried (0) in arrival order, and retries that are due. A single "due"
  // query ordered by id would sort every pending delivery for each batch.
  auto fresh = Statement::prepare(
      db_, std::string(kPendingColumns) + "AND next_attempt_at = 0 ORDER BY id LIMIT ?1");
  if (!fresh) return fresh.error();
  auto retries = Statement::prepare(db_, std::string(kPendingColumns) +
                                             "AND next_attempt_at > 0 AND next_attempt_at <= ?1 "
                                             "ORDER BY next_attempt_at, id LIMIT ?2");
  if (!retries) return retries.error();
  const std::int64_t due = due_at ? to_unix_ms(*due_at) : std::numeric_limits<std::int64_t>::max();
  fresh->bind(1, static_cast<std::int64_t>(limit));
  retries->bind(1, due).bind(2, static_cast<std::int64_t>(limit));
  std::vector<DeliveryRow> rows;
  if (auto s = read_pending_rows(*fresh, rows); !s) return s.error();
  if (auto s = read_pending_rows(*retries, rows); !s) return s.error();
  // Oldest first, as they arrived.
  std::sort(rows.begin(), rows.end(),
            [](const DeliveryRow& a, const DeliveryRow& b) { return a.id < b.id; });
  if (rows.size() > static_cast<std::size_t>(limit)) rows.resize(static_cast<std::size_t>(limit));

  auto body = Statement::prepare(db_, "SELECT body FROM delivery_bodies WHERE delivery_id = ?1");
  if (!body) return body.error();
  for (DeliveryRow& d : rows) {
    if (std::binary_search(bodies_not_needed.begin(), bodies_not_needed.end(), d.id)) continue;
    body->reset();
    body->bind(1, d.id.value);
    auto found = body->step();
    if (!found) return found.error();
    d.body_read = true;
    if (!*found) continue;
    // TEXT: stored before bodies were compressed (body_codec.hpp).
    if (!body->column_is_blob(0)) {
      d.body = body->column_text(0);
    } else if (auto text = decompress_body(body->column_blob(0))) {
      d.body = std::move(*text);
    } else {
      d.body_error = text.error().message;
    }
  }
  // All that are due: the exact count, with those waiting for a retry (a
  // `replay` from the CLI is seen here too).
  if (rows.size() < static_cast<std::size_t>(limit)) {
    auto waiting = Statement::prepare(
        db_, "SELECT COUNT(*) FROM deliveries WHERE state = 'pending' AND next_attempt_at > ?1");
    if (!waiting) return waiting.error();
    waiting->bind(1, due);
    auto row = waiting->step();
    if (!row) return row.error();
    pending_count_ = static_cast<std::int64_t>(rows.size()) + (*row ? waiting->column_int(0) : 0);
  }
  return rows;
}

Result<std::optional<SysTime>> Store::next_delivery_retry() {
  auto stmt =
      Statement::prepare(db_,
                         "SELECT MIN(next_attempt_at) FROM deliveries WHERE state = 'pending' AND "
                         "next_attempt_at > 0");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row || stmt->column_is_null(0)) return std::optional<SysTime>{};
  return std::optional<SysTime>{from_unix_ms(stmt->column_int(0))};
}

Status Store::finish_delivery(DeliveryId id, std::string_view state, std::string_view error,
                              std::optional<std::int64_t> decision) {
  // An empty error keeps the last failed attempt's: a delivery processed
  // after failures still shows why it took more than one attempt.
  auto stmt = Statement::prepare(
      db_,
      "UPDATE deliveries SET state = ?2, last_error = COALESCE(NULLIF(?3, ''), last_error), "
      "processed_at = ?4, decision_id = COALESCE(?5, decision_id) "
      "WHERE id = ?1 AND state = 'pending'");
  if (!stmt) return stmt.error();
  stmt->bind(1, id.value).bind(2, state).bind(3, error);
  stmt->bind(4, to_unix_ms(std::chrono::system_clock::now()));
  if (decision) stmt->bind(5, *decision); else stmt->bind_null(5);
  if (auto s = stmt->run(); !s) return s;
  if (db_.changes() == 1 && pending_count_ > 0) --pending_count_;
  return {};
}

Status Store::fail_delivery(DeliveryId id, std::string_view error, int max_attempts,
                            SysTime next_attempt_at) {
  // next_attempt_at 0 would read as "never tried": at least 1 ms.
  auto stmt = Statement::prepare(
      db_,
      "UPDATE deliveries SET attempts = attempts + 1, last_error = ?2, "
      "next_attempt_at = MAX(?4, 1), "
      "state = CASE WHEN attempts + 1 >= ?3 THEN 'dead' ELSE state END WHERE id = ?1 "
      "RETURNING state");
  if (!stmt) return stmt.error();
  stmt->bind(1, id.value).bind(2, error).bind(3, static_cast<std::int64_t>(max_attempts));
  stmt->bind(4, to_unix_ms(next_attempt_at));
  auto row = stmt->step();
  if (!row) return row.error();
  const bool dead = *row && stmt->column_text(0) == "dead";
  if (auto s = stmt->run(); !s) return s;
  if (dead && pending_count_ > 0) --pending_count_;
  return {};
}

Result<std::vector<DeliverySummary>> Store::list_deliveries(std::optional<std::string> state,
                                                            int limit) {
  auto stmt = Statement::prepare(
      db_,
      "SELECT id, request_id, resource, action, issue_id, state, attempts, "
      "COALESCE(last_error, ''), received_at, processed_at, decision_id FROM deliveries "
      "WHERE (?1 IS NULL OR state = ?1) ORDER BY id DESC LIMIT ?2");
  if (!stmt) return stmt.error();
  if (state) stmt->bind(1, *state); else stmt->bind_null(1);
  stmt->bind(2, static_cast<std::int64_t>(limit));
  std::vector<DeliverySummary> rows;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return rows;
    DeliverySummary d;
    d.id = DeliveryId{stmt->column_int(0)};
    d.request_id = stmt->column_text(1);
    d.resource = stmt->column_text(2);
    d.action = stmt->column_text(3);
    if (auto issue = stmt->column_optional_int(4)) d.issue = IssueId{*issue};
    d.state = stmt->column_text(5);
    d.attempts = stmt->column_int(6);
    d.last_error = stmt->column_text(7);
    d.received_at = from_unix_ms(stmt->column_int(8));
    if (auto at = stmt->column_optional_int(9)) d.processed_at = from_unix_ms(*at);
    d.decision_id = stmt->column_optional_int(10);
    rows.push_back(std::move(d));
  }
}

Result<bool> Store::replay_delivery(DeliveryId id) {
  auto stmt = Statement::prepare(
      db_,
      "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = 0, "
      "processed_at = NULL "
      "WHERE id = ?1 AND state = 'dead'");
  if (!stmt) return stmt.error();
  stmt->bind(1, id.value);
  if (auto s = stmt->run(); !s) return s.error();
  return db_.changes() == 1;
}

Status Store::probe_writable() {
  Transaction tx(db_);
  if (!tx.began()) return tx.began().error();
  if (auto s = db_.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion)); !s) return s;
  return tx.commit();
}

}  // namespace autofixd::store
