// The PostgreSQL Backend: one PgSession for the whole run, the migration lock as a
// session-level advisory lock polled with pg_try_advisory_lock (postgres_lock.h), rev.yaml's
// session settings applied with set_config, and rev's tables through postgres_tables.h.
//
// A lost connection (the server restarted, a network drop, pg_terminate_backend) ends the
// call that saw it; the next call opens a new session. When this backend held the
// migration lock, the new session first takes it back, waiting up to the run's lock
// timeout: the lost session keeps the lock until PostgreSQL has ended it, and with it
// whatever it was committing, so what is read back afterwards is settled. That is how a
// commit whose outcome is unknown gets decided by reading the state back (migrator.cpp),
// never by running the step again. If the lock cannot be taken back, every later call
// fails.
#include <atomic>
#include <mutex>

#include "engine/backends/backend_factories.h"
#include "engine/backends/postgres_lock.h"
#include "engine/backends/postgres_session.h"
#include "engine/backends/postgres_tables.h"

namespace rev::engine::backends {
namespace {

constexpr const char* kInvalidParameterValue = "22023";
constexpr const char* kUndefinedObject = "42704";

// Applies rev.yaml's session settings. A value PostgreSQL refuses is bad config (exit 2).
Status ApplySessionSettings(PgSession& session, const BackendOptions& options) {
  const std::pair<const char*, const std::string*> settings[] = {
      {"search_path", &options.search_path},
      {"lock_timeout", &options.lock_timeout},
      {"statement_timeout", &options.statement_timeout},
  };
  for (const auto& [name, value] : settings) {
    if (value->empty()) continue;
    Result<PgResult> set =
        session.Query("SELECT set_config($1, $2, false)", {std::string(name), *value},
                      std::string("setting ") + name);
    if (set.ok()) continue;
    const std::string& state = session.last_sqlstate();
    if (state != kInvalidParameterValue && state != kUndefinedObject) return set.status();
    return Status::InvalidInput(std::string(name) + " '" + *value +
                                "' is refused by PostgreSQL: " + set.status().message())
        .WithHint(std::string("fix ") + name + " in rev.yaml (e.g. '5s', '1min', '0' for none)");
  }
  return Status::Ok();
}

Result<std::unique_ptr<PgSession>> OpenSession(const DatabaseUrl& url,
                                               const BackendOptions& options) {
  REV_ASSIGN_OR_RETURN(std::unique_ptr<PgSession> session,
                       PgSession::Open(url, options.application_name));
  REV_RETURN_IF_ERROR(ApplySessionSettings(*session, options));
  return session;
}

// Where rev's tables are, and the lock key naming them: the database, and the schema
// the version table is (or will be) in.
struct Placement {
  PgTables tables;
  PgLockKey key;
};
Result<Placement> ResolvePlacement(PgSession& session, const BackendOptions& options) {
  REV_ASSIGN_OR_RETURN(PgResult result,
                       session.Query("SELECT current_database(), COALESCE(current_schema(), '')",
                                     {}, "reading the current database and schema"));
  const PgRow& row = result.rows.at(0);
  const std::string current_schema = row.at(1).value_or("");
  const std::string& schema = options.schema.empty() ? current_schema : options.schema;
  return Placement{PgTables::From(options, current_schema),
                   MigrationLockKey(row.at(0).value_or(""), schema, options.version_table)};
}

class PostgresBackend final : public Backend {
 public:
  PostgresBackend(DatabaseUrl url, BackendOptions options, std::unique_ptr<PgSession> session,
                  Placement placement, bool writable)
      : url_(std::move(url)),
        options_(std::move(options)),
        tables_(std::move(placement.tables)),
        key_(placement.key),
        writable_(writable),
        session_(std::move(session)) {}
  ~PostgresBackend() override {
    session_->Rollback();
    // Ending the session would release the lock too; unlocking says so sooner.
    if (lock_held_ && session_->connected()) (void)PgUnlock(*session_, key_);
  }
  PostgresBackend(const PostgresBackend&) = delete;
  PostgresBackend& operator=(const PostgresBackend&) = delete;

  DatabaseKind kind() const override { return DatabaseKind::kPostgres; }

  Status AcquireMigrationLock(std::chrono::milliseconds timeout) override;
  Status ReleaseMigrationLock() override;
  Result<bool> IsMigrationLockHeld() override {
    REV_ASSIGN_OR_RETURN(PgSession * session, Live());
    return PgLockIsHeld(*session, key_);
  }

  Status EnsureTables() override {
    REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
    if (!lock_held_) {
      return Status::Internal("rev's tables are created only under the migration lock");
    }
    return PgEnsureTables(*session, tables_);
  }
  Result<bool> HasVersionTable() override {
    REV_ASSIGN_OR_RETURN(PgSession * session, Live());
    return PgTableExists(*session, tables_.version);
  }

  Result<RevisionIds> ReadHeads() override {
    REV_ASSIGN_OR_RETURN(PgSession * session, Live());
    return PgReadHeads(*session, tables_);
  }
  Result<std::vector<AppliedRevision>> ReadApplied() override {
    REV_ASSIGN_OR_RETURN(PgSession * session, Live());
    return PgReadApplied(*session, tables_);
  }
  Result<std::vector<HistoryRow>> ReadHistory(size_t limit) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, Live());
    return PgReadHistory(*session, tables_, limit);
  }
  Result<std::optional<HistoryRow>> ReadDirtyStep() override {
    REV_ASSIGN_OR_RETURN(PgSession * session, Live());
    return PgReadDirtyStep(*session, tables_);
  }
  Result<std::optional<HistoryRow>> ReadLastFailure() override {
    REV_ASSIGN_OR_RETURN(PgSession * session, Live());
    return PgReadLastFailure(*session, tables_);
  }

  Result<std::vector<QueryRow>> Query(const std::string& sql, const QueryParams& params,
                                      const std::string& what) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, Live());
    REV_ASSIGN_OR_RETURN(PgResult result, session->Query(sql, params, what));
    return std::move(result.rows);
  }

  Result<std::unique_ptr<Transaction>> Begin() override;

  Status ExecuteScript(const std::string& sql, const ScriptSource& source) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
    return session->ExecuteScript(sql, source);
  }
  Status ApplyVersionEdit(const VersionEdit& edit) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
    return PgApplyVersionEdit(*session, tables_, edit);
  }
  Status ReplaceHeads(const RevisionIds& heads) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
    return PgReplaceHeads(*session, tables_, heads);
  }
  Status RecordApplied(const AppliedRevision& applied) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
    return PgRecordApplied(*session, tables_, applied);
  }
  Status ForgetApplied(const std::string& revision) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
    return PgForgetApplied(*session, tables_, revision);
  }
  Result<int64_t> AppendHistory(const HistoryRow& row) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
    return PgAppendHistory(*session, tables_, row);
  }
  Status FinishHistory(int64_t id, const HistoryRow& outcome) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
    return PgFinishHistory(*session, tables_, id, outcome);
  }
  Result<int64_t> RecordStep(const VersionEdit& edit, const std::optional<AppliedRevision>& applied,
                             const HistoryRow& row) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
    return PgRecordStep(*session, tables_, edit, applied, row);
  }

  void Interrupt() override {
    interrupted_ = true;
    std::lock_guard<std::mutex> guard(session_mutex_);
    session_->Interrupt();
  }

  // For PostgresTransaction: a transaction belongs to the session (generation) it began on;
  // if that session was lost, PostgreSQL rolled it back.
  Status CommitTransaction(uint64_t generation) {
    if (generation != generation_) {
      return Status::Database("the connection was lost; the transaction was rolled back");
    }
    return session_->Commit();
  }
  void RollbackTransaction(uint64_t generation) {
    if (generation == generation_) session_->Rollback();
  }

 private:
  Result<PgSession*> Live();
  // Live(), for a change: refused with kInternal by a backend opened for reading.
  Result<PgSession*> LiveForChange() {
    if (!writable_) {
      return Status::Internal("the PostgreSQL database " + url_.Redacted() +
                              " was opened for reading only");
    }
    return Live();
  }

  const DatabaseUrl url_;
  const BackendOptions options_;
  const PgTables tables_;
  const PgLockKey key_;
  const bool writable_;  // false for reading commands (OpenBackend's create)
  std::unique_ptr<PgSession> session_;
  // Held while session_ is replaced, and by Interrupt(), which runs on another thread.
  std::mutex session_mutex_;
  uint64_t generation_ = 0;
  std::atomic<bool> interrupted_{false};
  bool lock_wanted_ = false;  // between AcquireMigrationLock and ReleaseMigrationLock
  bool lock_held_ = false;    // by session_
  std::chrono::milliseconds lock_timeout_{0};
  std::optional<Status> lock_lost_;  // the lock could not be taken back after a lost connection
};

class PostgresTransaction final : public Transaction {
 public:
  PostgresTransaction(PostgresBackend* backend, uint64_t generation)
      : backend_(backend), generation_(generation) {}
  ~PostgresTransaction() override {
    if (!finished_) backend_->RollbackTransaction(generation_);
  }
  PostgresTransaction(const PostgresTransaction&) = delete;
  PostgresTransaction& operator=(const PostgresTransaction&) = delete;

  Status Commit() override {
    if (finished_) return Status::Internal("the transaction was already committed");
    finished_ = true;
    return backend_->CommitTransaction(generation_);
  }

 private:
  PostgresBackend* backend_;
  uint64_t generation_;
  bool finished_ = false;
};

Result<PgSession*> PostgresBackend::Live() {
  if (lock_lost_) return *lock_lost_;
  int lost_pid = 0;
  if (!session_->connected()) {
    lost_pid = session_->backend_pid();
    REV_ASSIGN_OR_RETURN(std::unique_ptr<PgSession> fresh, OpenSession(url_, options_));
    std::lock_guard<std::mutex> guard(session_mutex_);
    session_ = std::move(fresh);  // the old session's transaction ended with its connection
    // Checked under the mutex: an Interrupt() racing with the swap reaches one session or
    // the other.
    if (interrupted_) session_->Interrupt();
    ++generation_;
    lock_held_ = false;
  }
  if (lock_wanted_ && !lock_held_) {
    Status retaken = PgWaitForLock(*session_, key_, lock_timeout_, tables_.version);
    if (!retaken.ok()) {
      lock_lost_ =
          Status::Database(
              "the connection to the database was lost, and the migration lock could "
              "not be taken back, so what the lost session committed cannot be read "
              "back yet" +
              (lost_pid != 0 ? " (the lost session was pid " + std::to_string(lost_pid) + ")"
                             : std::string()) +
              ": " + retaken.message())
              .WithHint(
                  "once the lost session has ended (PostgreSQL ends it when it notices "
                  "the dropped connection), run `rev status` to see what was applied");
      return *lock_lost_;
    }
    lock_held_ = true;
  }
  return session_.get();
}

Status PostgresBackend::AcquireMigrationLock(std::chrono::milliseconds timeout) {
  REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
  if (lock_held_) return Status::Ok();
  REV_RETURN_IF_ERROR(
      PgWaitForLock(*session, key_, timeout, tables_.version, options_.on_lock_wait));
  lock_wanted_ = true;
  lock_held_ = true;
  lock_timeout_ = timeout;
  return Status::Ok();
}

Status PostgresBackend::ReleaseMigrationLock() {
  lock_wanted_ = false;
  if (!lock_held_) return Status::Ok();
  lock_held_ = false;
  // A lost session took its locks with it.
  if (!session_->connected()) return Status::Ok();
  return PgUnlock(*session_, key_);
}

Result<std::unique_ptr<Transaction>> PostgresBackend::Begin() {
  REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
  if (session->in_transaction()) {
    return Status::Internal("a transaction is already open on this backend");
  }
  REV_RETURN_IF_ERROR(session->Begin());
  return std::unique_ptr<Transaction>(std::make_unique<PostgresTransaction>(this, generation_));
}

}  // namespace

// A PostgreSQL database is made by its administrator: opening one never creates anything.
// `create` false (reading commands) makes a backend that refuses changes, as on SQLite.
Result<std::unique_ptr<Backend>> OpenPostgresBackend(const DatabaseUrl& url,
                                                     const BackendOptions& options, bool create) {
  REV_ASSIGN_OR_RETURN(std::unique_ptr<PgSession> session, OpenSession(url, options));
  REV_ASSIGN_OR_RETURN(Placement placement, ResolvePlacement(*session, options));
  return std::unique_ptr<Backend>(std::make_unique<PostgresBackend>(
      url, options, std::move(session), std::move(placement), create));
}

}  // namespace rev::engine::backends
