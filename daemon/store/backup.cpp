#include "store/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "store/sqlite.hpp"

namespace autofixd::store {
namespace {

namespace fs = std::filesystem;

Error io_error(const std::string& what) {
  return make_error("backup.io", what + ": " + std::strerror(errno));
}

// The temporary file, removed unless released (renamed into place).
class TempFile {
 public:
  explicit TempFile(fs::path path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!released_) {
      std::error_code ignored;
      fs::remove(path_, ignored);
    }
  }
  const fs::path& path() const { return path_; }
  void release() { released_ = true; }

 private:
  fs::path path_;
  bool released_ = false;
};

Status fsync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open " + path.string() + " to sync it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot fsync " + path.string());
  return {};
}

// Creates an empty file only the owner may read (mode 0600) next to `dest`.
Result<fs::path> create_temp(const fs::path& dest) {
  const fs::path dir = dest.has_parent_path() ? dest.parent_path() : fs::path(".");
  std::string name = (dir / ("." + dest.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return io_error("cannot create a temporary file in " + dir.string());
  ::fchmod(fd, S_IRUSR | S_IWUSR);
  ::close(fd);
  return fs::path(name);
}

Result<std::int64_t> single_int(Database& db, const char* sql) {
  auto stmt = Statement::prepare(db, sql);
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return *row ? stmt->column_int(0) : 0;
}

// Copies page by page with a pause between steps. The source's read
// transaction, opened by the caller, stays open across the steps: the copy
// is one snapshot and SQLite never restarts it for the daemon's writes.
Result<std::int64_t> copy_pages(Database& src, Database& dst, const BackupOptions& options) {
  sqlite3_backup* b = sqlite3_backup_init(dst.handle(), "main", src.handle(), "main");
  if (b == nullptr) return sqlite_error(dst.handle(), sqlite3_errcode(dst.handle()), "backup");
  std::int64_t steps = 0;
  int rc = SQLITE_OK;
  for (;;) {
    rc = sqlite3_backup_step(b, options.pages_per_step);
    ++steps;
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(options.pause);
  }
  const int finished = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return sqlite_error(dst.handle(), rc, "backup step");
  if (finished != SQLITE_OK) return sqlite_error(dst.handle(), finished, "backup finish");
  return steps;
}

}  // namespace

Result<BackupReport> backup(const std::string& source, const std::string& destination,
                            const BackupOptions& options) {
  const fs::path dest(destination);
  std::error_code ec;
  if (fs::exists(dest, ec) && !options.force) {
    return make_error("backup.exists",
                      destination + " exists; not overwritten (--force replaces it)");
  }
  if (!fs::exists(source, ec)) {
    return make_error("store.open", "store " + source + " does not exist (has the daemon run yet?)");
  }
  if (fs::exists(dest, ec) && fs::equivalent(source, dest, ec)) {
    return make_error("backup.exists", destination + " is the store itself");
  }
  auto src = Database::open(source);
  if (!src) return src.error();
  if (auto s = src->exec("PRAGMA busy_timeout=5000; BEGIN; SELECT COUNT(*) FROM sqlite_schema;");
      !s) {
    return s.error();
  }
  auto version = single_int(*src, "PRAGMA user_version");
  if (!version) return version.error();
  auto temp_path = create_temp(dest);
  if (!temp_path) return temp_path.error();
  TempFile temp(*temp_path);
  BackupReport report;
  report.schema_version = static_cast<int>(*version);
  {
    auto dst = Database::open(temp.path().string());
    if (!dst) return dst.error();
    auto steps = copy_pages(*src, *dst, options);
    if (!steps) return steps.error();
    report.steps = *steps;
    (void)src->exec("COMMIT");
    // One self-contained file: no -wal or -shm beside it.
    if (auto s = dst->exec("PRAGMA journal_mode=DELETE"); !s) return s.error();
    auto pages = single_int(*dst, "PRAGMA page_count");
    auto page_size = single_int(*dst, "PRAGMA page_size");
    if (!pages || !page_size) return (!pages ? pages : page_size).error();
    report.pages = *pages;
    report.bytes = *pages * *page_size;
  }
  if (auto s = fsync_path(temp.path(), O_RDONLY); !s) return s.error();
  if (::chmod(temp.path().c_str(), S_IRUSR | S_IWUSR) != 0) {
    return io_error("cannot set mode 0600 on " + temp.path().string());
  }
  if (::rename(temp.path().c_str(), dest.c_str()) != 0) {
    return io_error("cannot rename " + temp.path().string() + " to " + destination);
  }
  temp.release();
  const fs::path dir = dest.has_parent_path() ? dest.parent_path() : fs::path(".");
  if (auto s = fsync_path(dir, O_RDONLY | O_DIRECTORY); !s) return s.error();
  return report;
}

}  // namespace autofixd::store
