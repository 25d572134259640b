#include "engine/backends/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <thread>

#include "engine/backends/sqlite_statement.h"

namespace rev::engine::backends {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Pages per step of a chunked copy: 16 MB at the default page size, so another
// connection waits at most a few tens of milliseconds for its turn.
constexpr int kChunkPages = 4096;

Result<SqliteHandle> Open(const fs::path& path, int flags, const SqliteCopyOptions& options) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) return SqliteError(db.get(), rc, "cannot open " + path.string());
  sqlite3_extended_result_codes(db.get(), 1);
  auto busy_ms = std::min<int64_t>(options.busy_timeout.count(), 1 << 30);
  sqlite3_busy_timeout(db.get(), static_cast<int>(busy_ms));
  return db;
}

// The source of a copy reads through a memory map: its pages are copied from the map,
// without a read(2) and a copy into SQLite's page cache each. SQLite caps the size at its
// compile-time maximum and keeps the map coherent with other connections' writes.
void MapForReading(sqlite3* db, const fs::path& path) {
  std::error_code error;
  uintmax_t size = fs::file_size(path, error);
  if (error) return;
  std::string pragma = "PRAGMA mmap_size=" + std::to_string(size + (1 << 20));
  sqlite3_exec(db, pragma.c_str(), nullptr, nullptr, nullptr);  // a hint: failure is harmless
}

Status Exec(sqlite3* db, const std::string& sql, const std::string& what) {
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, what);
  return Status::Ok();
}

bool Interrupted(const SqliteCopyOptions& options) {
  return options.interrupted != nullptr && options.interrupted->load();
}

// Runs `backup` until done: in steps of kChunkPages, or of every page at once when
// `one_step`, or once a restart shows another connection wrote the source between steps.
// A busy source or target is waited for up to the busy timeout.
Status StepToEnd(sqlite3_backup* backup, sqlite3* destination, bool one_step,
                 const SqliteCopyOptions& options, const std::string& what) {
  int pages = one_step ? -1 : kChunkPages;
  int last_copied = 0;
  std::optional<Clock::time_point> busy_since;
  while (true) {
    if (Interrupted(options)) return Status::Interrupted("interrupted during " + what);
    int rc = sqlite3_backup_step(backup, pages);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc == SQLITE_OK) {
      int copied = sqlite3_backup_pagecount(backup) - sqlite3_backup_remaining(backup);
      if (copied <= last_copied) pages = -1;  // no progress: the copy restarted
      last_copied = copied;
      busy_since.reset();
      continue;
    }
    int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
      if (!busy_since) busy_since = Clock::now();
      // Short naps: a busy writer leaves only brief gaps between its transactions.
      if (Clock::now() - *busy_since < options.busy_timeout) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        continue;
      }
      return Status::Database(what + ": another connection kept the database locked for " +
                              std::to_string(options.busy_timeout.count()) + " ms")
          .WithHint("retry when it is less busy, or raise --lock-timeout");
    }
    return SqliteError(destination, rc, what);
  }
}

// Copies every page of `source` into `destination`'s main database.
Status Copy(sqlite3* source, sqlite3* destination, bool one_step, const SqliteCopyOptions& options,
            const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(destination, "main", source, "main");
  if (backup == nullptr) return SqliteError(destination, sqlite3_errcode(destination), what);
  Status stepped = StepToEnd(backup, destination, one_step, options, what);
  // Finishing early rolls the destination's transaction back.
  int rc = sqlite3_backup_finish(backup);
  REV_RETURN_IF_ERROR(stepped);
  if (rc != SQLITE_OK) return SqliteError(destination, rc, what);
  return Status::Ok();
}

Result<std::string> JournalMode(sqlite3* db, const std::string& what) {
  std::string mode;
  int rc = sqlite3_exec(
      db, "PRAGMA journal_mode",
      [](void* out, int, char** values, char**) {
        if (values[0] != nullptr) *static_cast<std::string*>(out) = values[0];
        return 0;
      },
      &mode, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, what);
  return mode;
}

// Byte 18 of the header: 2 when the file is in WAL mode.
bool HeaderSaysWal(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char header[20] = {};
  return in.read(header, sizeof header) && header[18] == 2;
}

Status SyncFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Database("cannot open " + path.string() + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  int sync_errno = errno;
  ::close(fd);
  if (rc != 0) {
    return Status::Database("cannot sync " + path.string() + ": " + std::strerror(sync_errno));
  }
  return Status::Ok();
}

// The in-place restore of a target SQLite cannot read: its side files go first, since a
// hot journal or a WAL of the old content would otherwise be played onto the new one.
Status OverwriteUnreadable(const fs::path& backup, const fs::path& target) {
  for (const char* suffix : {"-journal", "-wal", "-shm"}) {
    std::error_code error;
    fs::remove(target.string() + suffix, error);
    if (error) {
      return Status::Database("cannot remove " + target.string() + suffix + ": " + error.message());
    }
  }
  std::ifstream in(backup, std::ios::binary);
  std::ofstream out(target, std::ios::binary | std::ios::trunc);
  if (!in || !out) {
    return Status::Database("cannot open " + (in ? target : backup).string() + " to restore");
  }
  out << in.rdbuf();
  out.close();
  if (!out) return Status::Database("cannot write " + target.string() + " while restoring");
  return SyncFile(target);
}

}  // namespace

Status SqliteBackupToFile(const fs::path& source, const fs::path& destination,
                          const SqliteCopyOptions& options) {
  const std::string what = "backing up " + source.string();
  REV_ASSIGN_OR_RETURN(SqliteHandle from, Open(source, SQLITE_OPEN_READONLY, options));
  MapForReading(from.get(), source);
  REV_ASSIGN_OR_RETURN(std::string mode, JournalMode(from.get(), what));
  {
    REV_ASSIGN_OR_RETURN(SqliteHandle to, Open(destination, SQLITE_OPEN_READWRITE, options));
    // A fresh file of our own: no journal and no syncing while it is written; the caller
    // syncs it once, complete, before renaming it into place.
    REV_RETURN_IF_ERROR(Exec(to.get(), "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF",
                             "preparing " + destination.string()));
    REV_RETURN_IF_ERROR(Copy(from.get(), to.get(), mode == "wal", options, what));
  }
  if (HeaderSaysWal(destination)) {
    // The pages came from a WAL database, header included: back to rollback journal mode,
    // so the backup opens read-only without side files.
    REV_ASSIGN_OR_RETURN(SqliteHandle copy, Open(destination, SQLITE_OPEN_READWRITE, options));
    REV_RETURN_IF_ERROR(Exec(copy.get(), "PRAGMA journal_mode=DELETE",
                             "setting the journal mode of " + destination.string()));
  }
  return Status::Ok();
}

Status SqliteRestoreFromFile(const fs::path& backup, const fs::path& target,
                             const SqliteCopyOptions& options) {
  const std::string what = "restoring " + target.string();
  REV_ASSIGN_OR_RETURN(SqliteHandle from, Open(backup, SQLITE_OPEN_READONLY, options));
  MapForReading(from.get(), backup);
  REV_ASSIGN_OR_RETURN(SqliteHandle to,
                       Open(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options));
  int rc = sqlite3_exec(to.get(), "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
    to.reset();
    return OverwriteUnreadable(backup, target);
  }
  if (rc != SQLITE_OK) return SqliteError(to.get(), rc, what);
  return Copy(from.get(), to.get(), /*one_step=*/false, options, what);
}

bool HasSqliteHeader(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  return in.read(header, sizeof header) && std::memcmp(header, "SQLite format 3", 16) == 0;
}

}  // namespace rev::engine::backends
