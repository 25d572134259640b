// SQLite backups and restores through SQLite's online backup API (sqlite3_backup_*), which
// copies pages under SQLite's own locks: the copy is consistent while other connections
// write, and a restore is one write transaction of the target. Internal to engine/backends
// (backup.cpp and replay.cpp call it); <sqlite3.h> stays in the .cpp.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>

#include "revisions/result.h"

namespace rev::engine::backends {

struct SqliteCopyOptions {
  // How long to wait for another connection's lock (a writer of the source, a reader or
  // writer of a restore's target) before failing with kDatabase.
  std::chrono::milliseconds busy_timeout{60000};
  // Checked between chunks of pages; when set, the copy stops with kInterrupted (a
  // restore's target is then rolled back: it is as it was).
  const std::atomic<bool>* interrupted = nullptr;
};

// Makes `destination` a consistent copy of the database at `source`, in SQLite's rollback
// journal mode (so it opens read-only without -wal or -shm files), synced to disk.
// REQUIRES: `destination` exists and is empty (the caller creates it, mode 0600).
// A WAL source is copied in one step, which never blocks its writers; a rollback-journal
// source in chunks, so its writers get in between them; if one did, SQLite restarts the
// copy, and the rest is copied in one step so the copy always finishes.
// Fails with kDatabase naming the file and SQLite's message, kInterrupted.
Status SqliteBackupToFile(const std::filesystem::path& source,
                          const std::filesystem::path& destination,
                          const SqliteCopyOptions& options);

// Replaces the content of the database at `target` (created when missing) by the database
// in `backup`, as one write transaction of the target: other connections, which may stay
// open, see all of it or none of it, and an interrupt or a crash leaves the target as it
// was. A target SQLite cannot open as a database (not a database, corrupt) cannot take
// such a transaction: it is overwritten in place (its -wal, -shm and -journal files
// removed first, since they belong to the old content) and synced.
// Fails with kDatabase naming the file and SQLite's message, kInterrupted.
Status SqliteRestoreFromFile(const std::filesystem::path& backup,
                             const std::filesystem::path& target, const SqliteCopyOptions& options);

// Whether `path` starts with SQLite's 16-byte file header ("SQLite format 3\0").
bool HasSqliteHeader(const std::filesystem::path& path);

}  // namespace rev::engine::backends
