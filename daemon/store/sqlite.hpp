#pragma once
// A thin RAII layer over the SQLite C API. Not thread-safe: a Database and
// its Statements belong to the one thread that opened them (the store thread).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace autofixd::store {

class StatementCache;

class Database {
 public:
  // Opens (creating if missing) the database file. Errors: "store.open".
  static Result<Database> open(const std::string& path);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements without results. Errors: "store.sql".
  Status exec(std::string_view sql);
  // Runs one statement without results through the statement cache (for
  // the BEGIN/SAVEPOINT/COMMIT every store call makes).
  Status run(std::string_view sql);
  sqlite3* handle() const { return db_; }
  // True inside BEGIN ... COMMIT. SQLite may end one by itself (a full disk
  // or an I/O error rolls it back).
  bool in_transaction() const;
  std::int64_t last_insert_rowid() const;
  int changes() const;
  std::string path() const { return path_; }

  // Turns off SQLite's automatic checkpoint, which runs inside the commit
  // that crosses its threshold (a stall on the commit path), and calls
  // `on_commit(frames now in the WAL)` after every commit on this connection
  // instead, on the committing thread. Whoever gets the count checkpoints.
  void replace_auto_checkpoint(std::function<void(int)> on_commit);

 private:
  Database(sqlite3* db, std::string path);
  void close();
  friend class Statement;
  sqlite3* db_ = nullptr;
  std::string path_;
  // Prepared statements kept for reuse; heap-held so the Statements that
  // return to it find it after a move of the Database.
  std::unique_ptr<StatementCache> statements_;
  // Heap-held so the address SQLite keeps survives a move of the Database.
  std::unique_ptr<std::function<void(int)>> on_wal_commit_;
};

// A prepared statement. Preparing costs more than running most of ours, so
// a Statement comes from its Database's cache when one with the same text is
// idle there, and goes back to it (reset, bindings cleared) when destroyed.
class Statement {
 public:
  // Prepares `sql`; a malformed statement is a programming error reported as "store.sql".
  static Result<Statement> prepare(const Database& db, std::string_view sql);

  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Binds by 1-based index. Returns *this for chaining.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind_null(int index);
  // Binds `bytes` as a BLOB: compared bytewise, never as text.
  Statement& bind_blob(int index, std::string_view bytes);

  // Steps once: true when a row is available, false when done.
  // Errors: "store.constraint" for a unique/check violation, "store.full" for a
  // full disk, "store.busy", "store.io", else "store.sql".
  Result<bool> step();
  // Steps to completion, for statements without rows.
  Status run();
  void reset();

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  std::optional<std::int64_t> column_optional_int(int index) const;
  std::optional<std::string> column_optional_text(int index) const;
  bool column_is_null(int index) const;
  std::string column_blob(int index) const;  // the bytes of a BLOB
  bool column_is_blob(int index) const;

 private:
  Statement(sqlite3_stmt* stmt, sqlite3* db, StatementCache* cache)
      : stmt_(stmt), db_(db), cache_(cache) {}
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  StatementCache* cache_ = nullptr;
};

// BEGIN IMMEDIATE in the constructor, ROLLBACK in the destructor unless
// commit() succeeded. Check began() before using it. Inside a transaction
// already open on the connection (AsyncStore's group commit) it is a
// savepoint instead: commit() releases it, and it is durable only when the
// enclosing transaction commits.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  const Status& began() const { return began_; }
  Status commit();

 private:
  Database& db_;
  bool nested_;
  Status began_;
  bool done_ = false;
};

// Maps an SQLite result code to our error code ("store.full", ...).
Error sqlite_error(sqlite3* db, int rc, std::string_view what);

}  // namespace autofixd::store
