// DatabaseSession: the database a command works on, opened as rev.yaml and the chosen
// environment say, and the migration lock around a change.
//
// Reading commands (current, status, log, validate --db, --dry-run) open with
// `writable` false: nothing is created, not even the SQLite file, and a role that may
// only read is enough. Changing commands open with `writable` true and take the lock,
// which the session releases when it ends (and the operating system, should rev die).
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "cli/context.h"
#include "engine/backends/backend.h"
#include "engine/operations/migrator.h"

namespace rev::cli {

class DatabaseSession {
 public:
  // Opens the database of the command's settings (Context::Settings: the URL, table names
  // and session settings resolved once). Fails as Context::Settings, with kInvalidInput when
  // no URL is set, and with kDatabase (password redacted) when the database cannot be
  // opened. With --verbose, says which database (redacted) unless `quietly` (a second
  // session of the same run).
  static Result<std::unique_ptr<DatabaseSession>> Open(Context& context, bool writable,
                                                       bool quietly = false);

  // Use Open.
  DatabaseSession(engine::backends::DatabaseUrl url, engine::backends::BackendOptions options,
                  std::unique_ptr<engine::backends::Backend> backend,
                  std::chrono::milliseconds lock_timeout, std::filesystem::path journal);
  ~DatabaseSession();  // releases the lock when held
  DatabaseSession(const DatabaseSession&) = delete;
  DatabaseSession& operator=(const DatabaseSession&) = delete;

  engine::backends::Backend& backend() { return *backend_; }
  const engine::backends::DatabaseUrl& url() const { return url_; }
  const engine::backends::BackendOptions& options() const { return options_; }

  std::chrono::milliseconds lock_timeout() const { return lock_timeout_; }

  // Takes the migration lock, waiting up to --lock-timeout. Fails with kLockTimeout naming
  // the holder (exit 3). REQUIRES: opened writable.
  Status Lock();
  // Lock, then, before anything reads the heads to plan from them, the version table made
  // to say what `graph` says: a row at the revision a squash reached becomes the squashed
  // revision's (engine/operations/squashed_heads.h). Every command that changes a database
  // of a project takes the lock this way. Fails as Lock and SettleSquashedHeads (kRefused
  // for a database inside a squash).
  Status Lock(const engine::RevisionGraph& graph);

  // Appends a change (`command`, the version table's rows after it) to the project's local
  // journal (SPEC §5). A journal that cannot be written is a warning, never a failure.
  void Journal(Output& out, const std::string& command, const engine::RevisionIds& heads);

 private:
  engine::backends::DatabaseUrl url_;
  engine::backends::BackendOptions options_;
  std::unique_ptr<engine::backends::Backend> backend_;
  std::chrono::milliseconds lock_timeout_;
  std::filesystem::path journal_;
  bool locked_ = false;
};

// The database the command works on (Context::Settings). Fails as Context::Settings, and
// with kInvalidInput when no URL is set anywhere (the hint says where to set one).
Result<const engine::backends::DatabaseUrl*> ConfiguredDatabase(Context& context);

// What every step this run records says about it: rev's version and user@host; and the
// flag a SignalWatcher sets (may be null).
engine::operations::MigrationOptions RunOptions(const std::atomic<bool>* interrupted);

}  // namespace rev::cli
