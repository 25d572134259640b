// Backend: the one interface to a database. SQLite (sqlite_backend.cpp, on the SQLite3 C
// API) and PostgreSQL (postgres_backend.cpp, on libpqxx) implement it; the migrator,
// status, stamp, backup and replay only ever see this. <sqlite3.h> and <pqxx/pqxx> appear
// only in their backend's .cpp. Driver exceptions are caught there and become Status.
//
// Every value reaches the database as a bound parameter; table names come from rev.yaml,
// are checked there, and still pass through one identifier-quoting helper.
//
// Reading never creates anything: a database without rev's tables reads as empty, and a
// role that may only read can run `current`, `status`, `log` and `validate --db`.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/backends/database_url.h"
#include "engine/backends/database_wait.h"
#include "engine/backends/history.h"
#include "engine/backends/lock_holder.h"
#include "engine/backends/lock_wait.h"
#include "engine/plan.h"
#include "revisions/lock_mode.h"
#include "revisions/result.h"

namespace rev::engine::backends {

// Names of rev's tables (SPEC §4), the session settings a PostgreSQL run applies, and whom
// to tell when the migration lock must be waited for.
struct BackendOptions {
  std::string version_table = "rev_version";
  std::string history_table = "rev_history";
  std::string applied_table = "rev_applied";
  std::string schema;             // PostgreSQL: schema of the three tables; "" = search_path
  std::string search_path;        // PostgreSQL: SET search_path, when non-empty
  std::string lock_timeout;       // PostgreSQL: SET lock_timeout, when non-empty
  std::string statement_timeout;  // PostgreSQL: SET statement_timeout, when non-empty
  std::string application_name = "rev";
  // PostgreSQL: how the migration lock is held (revisions/lock_mode.h); SQLite keeps its
  // lock file whatever this says.
  revisions::LockMode lock = revisions::LockMode::kAuto;
  std::chrono::seconds lock_lease = revisions::kDefaultLockLease;
  LockWaitObserver on_lock_wait;  // told when AcquireMigrationLock waits; may be empty
  // How long OpenBackend retries a database that cannot be reached yet (--wait-for-database;
  // 0: not at all), and whom it tells once that it waits.
  std::chrono::milliseconds wait_for_database{0};
  DatabaseWaitObserver on_database_wait;
};

// An applied revision's checksum as recorded when it was applied (or stamped, or repaired).
struct AppliedRevision {
  std::string revision;
  std::string checksum;
  std::string applied_at;
};

// Where a script comes from, so that a database error can name the file and line.
struct ScriptSource {
  std::string path;    // revisions/9c0d_add_x.sql
  int first_line = 1;  // the file line of the script's first line
};

// A query's bound values and a row of its result, as text (nullopt is NULL); the SQL casts
// where it needs another type.
using QueryParams = std::vector<std::optional<std::string>>;
using QueryRow = std::vector<std::optional<std::string>>;

// A transaction that rolls back unless committed. Obtained from Backend::Begin; at most one
// is open per backend at a time.
class Transaction {
 public:
  virtual ~Transaction() = default;
  // Fails with kDatabase when the commit fails (the transaction is then rolled back), or
  // with kCommitUnknown when PostgreSQL cannot say whether it committed (a dropped connection
  // during COMMIT): the caller must then read the state back, never run the step again.
  virtual Status Commit() = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;

  virtual DatabaseKind kind() const = 0;

  // --- the migration lock: held for the whole run, released by the OS if we die --------

  // Waits up to `timeout` for the lock, telling BackendOptions::on_lock_wait once who holds
  // it before the first pause. Fails with kLockTimeout naming the holder (pid, host or
  // application_name) when another rev keeps it.
  virtual Status AcquireMigrationLock(std::chrono::milliseconds timeout) = 0;
  virtual Status ReleaseMigrationLock() = 0;
  // Whether some process (this one included) holds the lock now; for `rev status`, which
  // must not call a running step dirty. Never waits.
  virtual Result<bool> IsMigrationLockHeld() = 0;
  // Who holds the lock now, for `rev status` (none on SQLite, whose lock file is told of
  // when it is waited for). Never waits.
  virtual Result<std::vector<LockHolder>> ReadLockHolders() { return std::vector<LockHolder>(); }
  // Releases the lease held under `token`, whichever run holds it (`rev repair
  // --release-lock`, once the holder is known gone): false when the token moved on meanwhile.
  // kInternal where there is no lease (SQLite).
  virtual Result<bool> ReleaseLease(int64_t /*token*/) {
    return Status::Internal("this database has no lease lock");
  }

  // --- tables ----------------------------------------------------------------------------

  // Creates the version, history and applied tables when missing. REQUIRES: the lock.
  virtual Status EnsureTables() = 0;
  // Whether the version table exists (reads only).
  virtual Result<bool> HasVersionTable() = 0;

  // --- reading (never creates anything; missing tables read as empty) ------------------

  virtual Result<RevisionIds> ReadHeads() = 0;                     // sorted
  virtual Result<std::vector<AppliedRevision>> ReadApplied() = 0;  // sorted by revision
  // The newest `limit` history rows, newest first (all when limit is 0).
  virtual Result<std::vector<HistoryRow>> ReadHistory(size_t limit) = 0;
  // The step that left the database dirty, if any: the newest `started` row, or `failed`
  // row of a non-transactional step, newer than the last `stamped` or `repaired` row.
  virtual Result<std::optional<HistoryRow>> ReadDirtyStep() = 0;
  // The newest history row when it is `failed` or `rolled_back` (the last step rev tried
  // did not happen), else nullopt: a later applied, stamped or repaired row settles it.
  virtual Result<std::optional<HistoryRow>> ReadLastFailure() = 0;

  // Runs one statement that reads (a catalog query, rows to compare) with `params` bound,
  // inside the open transaction if any. Fails with kDatabase naming `what` and the
  // database's message.
  virtual Result<std::vector<QueryRow>> Query(const std::string& sql, const QueryParams& params,
                                              const std::string& what) = 0;

  // --- changing ----------------------------------------------------------------------

  // Begins a transaction (SQLite: BEGIN IMMEDIATE, waiting up to the busy timeout).
  virtual Result<std::unique_ptr<Transaction>> Begin() = 0;

  // Runs `sql` as one script (several statements; never split by rev on ';'), inside the
  // open transaction if any, else in autocommit. Fails with kDatabase whose message holds
  // the database's own message (and SQLSTATE on PostgreSQL), located at `source.path` and
  // the line (and column where known) within the file; with kInterrupted after Interrupt().
  virtual Status ExecuteScript(const std::string& sql, const ScriptSource& source) = 0;

  // Applies one step's version-table change as compare-and-swap: each delete and the update
  // must change exactly one row, each insert must add one. Fails with kConflict otherwise.
  virtual Status ApplyVersionEdit(const VersionEdit& edit) = 0;
  // Replaces the version table's rows by `heads` (stamp --purge, restore bookkeeping).
  virtual Status ReplaceHeads(const RevisionIds& heads) = 0;

  virtual Status RecordApplied(const AppliedRevision& applied) = 0;  // insert or replace
  virtual Status ForgetApplied(const std::string& revision) = 0;

  // Appends a history row; returns its id.
  virtual Result<int64_t> AppendHistory(const HistoryRow& row) = 0;
  // Records the outcome of a `started` row (status, finished_at, duration_ms, error).
  virtual Status FinishHistory(int64_t id, const HistoryRow& outcome) = 0;

  // A step's bookkeeping, in the open transaction: ApplyVersionEdit(edit); RecordApplied
  // (`applied`, an upgrade) or ForgetApplied(row.revision) (nullopt, a downgrade); and
  // AppendHistory(row), or FinishHistory(row.id, row) when row.id names the step's
  // `started` row. Returns the history row's id. This default makes those calls one by one;
  // PostgreSQL sends them as one statement: one round trip instead of three or more.
  virtual Result<int64_t> RecordStep(const VersionEdit& edit,
                                     const std::optional<AppliedRevision>& applied,
                                     const HistoryRow& row);

  // Asks a running ExecuteScript to stop as soon as it can; one that starts afterwards may
  // fail with kInterrupted at once. Safe to call from another thread (the signal-watching
  // thread) while the backend lives; never from a signal handler.
  virtual void Interrupt() = 0;
};

// Opens the database at `url`. `create` is false for reading commands: SQLite then opens
// the file read-only (SQLITE_OPEN_READONLY), and a file that does not exist reads as an
// empty database and is not created; such a backend refuses changes with kInternal.
// Fails with kUnavailable (message redacted) when the database cannot be reached (refused,
// starting up, its folder missing) after retrying for options.wait_for_database, and with
// kDatabase when it refuses this connection (authentication, no such database).
Result<std::unique_ptr<Backend>> OpenBackend(const DatabaseUrl& url, const BackendOptions& options,
                                             bool create);

}  // namespace rev::engine::backends
