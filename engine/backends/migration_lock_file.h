// The SQLite migration lock: an exclusive flock(2) on a file of rev's own beside the
// database (`app.db` -> `app.db.rev-lock`), held for a whole run.
//
// The kernel releases a flock when the last descriptor of its open file goes away, so a
// rev that is killed, however it dies, never leaves the lock stuck. It is taken on a file
// of its own, never on the database: POSIX fcntl locks on the database file would be
// per process and closing any descriptor would drop SQLite's own locks. The file is never
// deleted (deleting a flock'ed file lets two processes lock two different inodes); while
// held it says who holds it (pid, host, since when), for the message of a second rev.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "engine/backends/lock_wait.h"
#include "revisions/result.h"

namespace rev::engine::backends {

class MigrationLockFile {
 public:
  // The lock file of the database at `database`.
  static std::filesystem::path PathFor(const std::filesystem::path& database);

  explicit MigrationLockFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~MigrationLockFile();  // releases the lock if held
  MigrationLockFile(const MigrationLockFile&) = delete;
  MigrationLockFile& operator=(const MigrationLockFile&) = delete;

  // Takes the lock, creating the file when missing, polling every 20-50 ms (with jitter,
  // so waiters do not move in step) for up to `timeout`. Before its first pause it tells
  // `on_wait` (if set) who holds the lock, once: as soon as the holder has described itself
  // in the file, or after kHolderGrace if it has not (yet). Taking it again while held is a
  // no-op. Fails with kLockTimeout naming the holder's pid, host and start, or with
  // kDatabase when the file cannot be created or locked.
  Status Acquire(std::chrono::milliseconds timeout, const LockWaitObserver& on_wait = {});

  // How long a waiter gives a new holder to write its description before telling anyway.
  static constexpr std::chrono::milliseconds kHolderGrace{250};

  // Releases the lock; a no-op when not held.
  void Release();

  bool held() const { return fd_ >= 0; }

  // Whether any process, this one included, holds the lock now. Never waits and never
  // creates the file (no file: no holder).
  Result<bool> IsHeld() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  void WriteHolder();
  // "pid 1234 on build-7 since ...", or "" while the file says nothing of its holder.
  std::string HolderFromFile() const;
  // HolderFromFile (or "holder unknown") and the lock file's path.
  std::string DescribeHolder() const;

  std::filesystem::path path_;
  int fd_ = -1;  // open and locked while held
};

}  // namespace rev::engine::backends
