// DatabaseSession: the database a command works on, opened as rev.yaml and the chosen
// environment say, and the migration lock around a change.
//
// Reading commands (current, status, log, validate --db, --dry-run) open with
// `writable` false: nothing is created, not even the SQLite file, and a role that may
// only read is enough. Changing commands open with `writable` true and take the lock,
// which the session releases when it ends (and the operating system, should rev die).
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "cli/context.h"
#include "engine/backends/backend.h"
#include "engine/operations/migrator.h"

namespace rev::cli {

// --lock-timeout's default (SPEC §4).
inline constexpr double kDefaultLockTimeoutSeconds = 60;

class DatabaseSession {
 public:
  // Opens the database of Context::DatabaseUrl with rev.yaml's table names and session
  // settings (the environment's settings over the top level). Fails with kInvalidInput when
  // no URL is set or it does not parse, and with kDatabase (password redacted) when the
  // database cannot be opened. With --verbose, says which database (redacted) unless
  // `quietly` (a second session of the same run).
  static Result<std::unique_ptr<DatabaseSession>> Open(Context& context, bool writable,
                                                       bool quietly = false);

  // Use Open.
  DatabaseSession(engine::backends::DatabaseUrl url, engine::backends::BackendOptions options,
                  std::unique_ptr<engine::backends::Backend> backend);
  ~DatabaseSession();  // releases the lock when held
  DatabaseSession(const DatabaseSession&) = delete;
  DatabaseSession& operator=(const DatabaseSession&) = delete;

  engine::backends::Backend& backend() { return *backend_; }
  const engine::backends::DatabaseUrl& url() const { return url_; }
  const engine::backends::BackendOptions& options() const { return options_; }

  // Takes the migration lock, waiting up to `timeout`. Fails with kLockTimeout naming the
  // holder (exit 3). REQUIRES: opened writable.
  Status Lock(std::chrono::milliseconds timeout);

  // Appends a change (`command`, the version table's rows after it) to the project's local
  // journal (SPEC §5). A journal that cannot be written is a warning, never a failure.
  void Journal(Context& context, const std::string& command, const std::vector<std::string>& heads);

 private:
  engine::backends::DatabaseUrl url_;
  engine::backends::BackendOptions options_;
  std::unique_ptr<engine::backends::Backend> backend_;
  bool locked_ = false;
};

// Adds --lock-timeout SECONDS (default kDefaultLockTimeoutSeconds) to a changing command.
void AddLockTimeoutOption(CLI::App* command, double* seconds);

// --lock-timeout SECONDS as a duration. Fails with kInvalidInput for a negative, infinite
// or absurd (over a day) value; checked before anything is opened.
Result<std::chrono::milliseconds> LockTimeout(double seconds);

// What every step this run records says about it: rev's version and user@host; and the
// flag a SignalWatcher sets (may be null).
engine::operations::MigrationOptions RunOptions(const std::atomic<bool>* interrupted);

// Whether the chosen environment (--env) has `confirm: true`. Fails as
// Context::Environment.
Result<bool> EnvironmentWantsConfirmation(Context& context);

}  // namespace rev::cli
