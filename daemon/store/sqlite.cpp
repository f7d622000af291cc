#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <mutex>
#include <utility>

#include "store/statement_cache.hpp"

namespace autofixd::store {

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  const char* detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = std::string(what) + ": " + detail;
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return make_error("store.constraint", message);
    case SQLITE_FULL:
      return make_error("store.full", message + " (disk full)");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return make_error("store.busy", message);
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return make_error("store.io", message);
    default:
      return make_error("store.sql", message);
  }
}

namespace {

// SQLite counts every allocation under one global mutex unless told not to,
// and nothing here reads its memory statistics (about 2 % of intake's CPU).
// Only before sqlite3_initialize, which the first open runs; SQLite refuses
// a later call and keeps counting, which is harmless.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Result<Database> Database::open(const std::string& path) {
  configure_sqlite_once();
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(db, rc, "cannot open store " + path);
    sqlite3_close(db);
    return e;
  }
  sqlite3_extended_result_codes(db, 1);
  return Database(db, path);
}

Database::Database(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), statements_(std::make_unique<StatementCache>()) {}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      statements_(std::move(other.statements_)),
      on_wal_commit_(std::move(other.on_wal_commit_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    statements_ = std::move(other.statements_);
    on_wal_commit_ = std::move(other.on_wal_commit_);
  }
  return *this;
}

// Cached statements are finalized first: sqlite3_close refuses a connection
// that still has statements.
void Database::close() {
  statements_.reset();
  sqlite3_close(db_);
  db_ = nullptr;
}

namespace {

int call_wal_hook(void* fn, sqlite3*, const char*, int frames) {
  (*static_cast<std::function<void(int)>*>(fn))(frames);
  return SQLITE_OK;
}

}  // namespace

void Database::replace_auto_checkpoint(std::function<void(int)> on_commit) {
  on_wal_commit_ = std::make_unique<std::function<void(int)>>(std::move(on_commit));
  // Replaces the hook sqlite3_wal_autocheckpoint installed.
  sqlite3_wal_hook(db_, call_wal_hook, on_wal_commit_.get());
}

Database::~Database() { close(); }

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, "exec");
  return {};
}

Status Database::run(std::string_view sql) {
  auto stmt = Statement::prepare(*this, sql);
  if (!stmt) return stmt.error();
  return stmt->run();
}

bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

Result<Statement> Statement::prepare(const Database& db, std::string_view sql) {
  StatementCache* cache = db.statements_.get();
  if (cache != nullptr) {
    if (sqlite3_stmt* idle = cache->take(sql)) return Statement(idle, db.handle(), cache);
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db.handle(), rc, "prepare");
  return Statement(stmt, db.handle(), cache);
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), db_(other.db_), cache_(other.cache_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (cache_ != nullptr) {
    cache_->give_back(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}
Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}
Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_error(db_, rc, "step");
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }
double Statement::column_double(int index) const { return sqlite3_column_double(stmt_, index); }
std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size))
              : std::string();
}
bool Statement::column_is_blob(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_BLOB;
}

std::string Statement::column_blob(int index) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
  const int size = sqlite3_column_bytes(stmt_, index);
  return bytes == nullptr ? std::string() : std::string(bytes, static_cast<std::size_t>(size));
}
bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}
std::optional<std::int64_t> Statement::column_optional_int(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_int(index);
}
std::optional<std::string> Statement::column_optional_text(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_text(index);
}

Transaction::Transaction(Database& db)
    : db_(db),
      nested_(db.in_transaction()),
      began_(db.run(nested_ ? "SAVEPOINT tx" : "BEGIN IMMEDIATE")) {}

Transaction::~Transaction() {
  if (!began_ || done_) return;
  if (nested_) {
    (void)db_.run("ROLLBACK TO tx");
    (void)db_.run("RELEASE tx");
  } else {
    (void)db_.run("ROLLBACK");
  }
}

Status Transaction::commit() {
  auto status = db_.run(nested_ ? "RELEASE tx" : "COMMIT");
  if (status) done_ = true;
  return status;
}

}  // namespace autofixd::store
