// The SQLite Backend, on the SQLite3 C API. Internal to engine/backends: the rest of rev opens it
// through OpenBackend. Split over sqlite_backend.cpp (connection, lock, transactions,
// tables, scripts) and sqlite_bookkeeping.cpp (the version, applied and history rows).
//
// Decisions beyond backend.h:
// - create=false opens the file with SQLITE_OPEN_READONLY, so reading commands write
//   nothing, not even a journal; a file that does not exist reads as an empty database
//   (no version table) and is not created. Such a backend refuses every change.
// - The lock is MigrationLockFile (`<db>.rev-lock`); an in-memory database, private to its
//   connection, needs none. Each step's transaction is BEGIN IMMEDIATE with the busy
//   timeout raised to the lock timeout, so another application's writer is waited for.
// - The bookkeeping statements are prepared once and reused, so a step costs its own SQL
//   plus three small bound statements next to the COMMIT's fsync. journal_mode and
//   synchronous stay as the user set them.
#pragma once

#include <array>
#include <atomic>
#include <optional>

#include "engine/backends/backend.h"
#include "engine/backends/migration_lock_file.h"
#include "engine/backends/sqlite_statement.h"

namespace rev::engine::backends {

class SqliteBackend final : public Backend {
 public:
  SqliteBackend(DatabaseUrl url, BackendOptions options, SqliteHandle db, bool writable);
  ~SqliteBackend() override;

  DatabaseKind kind() const override { return DatabaseKind::kSqlite; }

  Status AcquireMigrationLock(std::chrono::milliseconds timeout) override;
  Status ReleaseMigrationLock() override;
  Result<bool> IsMigrationLockHeld() override;

  Status EnsureTables() override;
  Result<bool> HasVersionTable() override;

  Result<RevisionIds> ReadHeads() override;
  Result<std::vector<AppliedRevision>> ReadApplied() override;
  Result<std::vector<HistoryRow>> ReadHistory(size_t limit) override;
  Result<std::optional<HistoryRow>> ReadDirtyStep() override;
  Result<std::optional<HistoryRow>> ReadLastFailure() override;

  Result<std::vector<QueryRow>> Query(const std::string& sql, const QueryParams& params,
                                      const std::string& what) override;

  Result<std::unique_ptr<Transaction>> Begin() override;
  Status ExecuteScript(const std::string& sql, const ScriptSource& source) override;
  Status ApplyVersionEdit(const VersionEdit& edit) override;
  Status ReplaceHeads(const RevisionIds& heads) override;
  Status RecordApplied(const AppliedRevision& applied) override;
  Status ForgetApplied(const std::string& revision) override;
  Result<int64_t> AppendHistory(const HistoryRow& row) override;
  Status FinishHistory(int64_t id, const HistoryRow& outcome) override;

  void Interrupt() override;

  // For SqliteTransaction.
  Status CommitTransaction();
  void RollbackTransaction();

 private:
  // The statements rev runs itself, prepared on first use (a table must exist by then).
  enum class Sql {
    kBegin,
    kCommit,
    kRollback,
    kHasTable,
    kReadHeads,
    kDeleteHead,
    kUpdateHead,
    kInsertHead,
    kDeleteAllHeads,
    kReadApplied,
    kRecordApplied,
    kForgetApplied,
    kAppendHistory,
    kFinishHistory,
    kReadHistory,
    kReadDirty,
    kCount,
  };
  std::string SqlText(Sql which) const;
  Result<SqliteStatement*> Cached(Sql which);
  Result<bool> HasTable(const std::string& name);
  Status RequireWritable() const;
  Status RunScriptStatement(const std::string& sql, size_t* offset, const ScriptSource& source);
  Result<std::optional<HistoryRow>> ReadOneHistoryRow(Sql which,
                                                      const std::vector<SqlValue>& params);

  DatabaseUrl url_;
  BackendOptions options_;
  SqliteHandle db_;  // destroyed after the statements below
  std::array<std::optional<SqliteStatement>, static_cast<size_t>(Sql::kCount)> statements_;
  bool writable_;
  bool in_transaction_ = false;
  bool lock_held_ = false;
  std::optional<MigrationLockFile> lock_;  // none for an in-memory database
  std::atomic<bool> interrupted_{false};
};

}  // namespace rev::engine::backends
