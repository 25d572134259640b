// The PostgreSQL Backend: one PgSession for the whole run, the migration lock in the mode
// rev.yaml asks for (postgres_migration_lock.h: a session advisory lock or a lease),
// rev.yaml's session settings applied with set_config, and rev's tables through
// postgres_tables.h.
//
// Behind a connection pooler, and with the lease, nothing is left in the session between
// transactions: the settings are applied with SET LOCAL at the start of each transaction
// (a pooler gives each transaction the server session it likes), and with the lease each
// transaction also gets idle_in_transaction_session_timeout = the lease, so that a run
// paused inside one is cut off by the server instead of blocking the run that took over.
// With the lease every write of rev's bookkeeping is fenced (PgMigrationLock::Fence) in
// its transaction, and an error of a run that lost its lease is reported as kLockLost.
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
#include "engine/backends/postgres_migration_lock.h"
#include "engine/backends/postgres_pooler.h"
#include "engine/backends/postgres_session.h"
#include "engine/backends/postgres_session_settings.h"
#include "engine/backends/postgres_tables.h"

namespace rev::engine::backends {
namespace {

// The error of a failed Status or Result, alike.
const Status& StatusOf(const Status& status) { return status; }
template <typename T>
const Status& StatusOf(const Result<T>& result) {
  return result.status();
}

// A session with rev.yaml's settings, unless `pooled`: then they are set per transaction.
Result<std::unique_ptr<PgSession>> OpenSession(const DatabaseUrl& url,
                                               const BackendOptions& options, bool pooled) {
  REV_ASSIGN_OR_RETURN(std::unique_ptr<PgSession> session,
                       PgSession::Open(url, options.application_name));
  if (!pooled) REV_RETURN_IF_ERROR(ApplySessionSettings(*session, options, false));
  return session;
}

// Where rev's tables are, and the lock naming them: the database, and the schema the
// version table is (or will be) in. Behind a pooler, read with rev.yaml's search_path set
// for the transaction, as every later transaction will have it.
Result<std::unique_ptr<PgMigrationLock>> ResolvePlacement(PgSession& session,
                                                          const BackendOptions& options,
                                                          const std::string& pooler,
                                                          PgTables* tables) {
  const bool pooled = !pooler.empty();
  if (pooled) REV_RETURN_IF_ERROR(session.Begin());
  Status set = pooled ? ApplySessionSettings(session, options, true) : Status::Ok();
  Result<PgResult> result =
      set.ok() ? session.Query("SELECT current_database(), COALESCE(current_schema(), '')", {},
                               "reading the current database and schema")
               : Result<PgResult>(set);
  if (pooled) session.Rollback();
  if (!result.ok()) return result.status();
  const PgRow& row = result->rows.at(0);
  const std::string current_schema = row.at(1).value_or("");
  const std::string& schema = options.schema.empty() ? current_schema : options.schema;
  *tables = PgTables::From(options, current_schema);
  PgLease lease{tables->lock, tables->schema, options.version_table, options.lock_lease};
  return std::make_unique<PgMigrationLock>(
      MigrationLockKey(row.at(0).value_or(""), schema, options.version_table), std::move(lease),
      options.lock, pooler, tables->version);
}

class PostgresBackend final : public Backend {
 public:
  PostgresBackend(DatabaseUrl url, BackendOptions options, std::unique_ptr<PgSession> session,
                  PgTables tables, std::unique_ptr<PgMigrationLock> lock, bool pooled,
                  bool writable)
      : url_(std::move(url)),
        options_(std::move(options)),
        tables_(std::move(tables)),
        lock_(std::move(lock)),
        pooled_(pooled),
        writable_(writable),
        session_(std::move(session)) {}
  ~PostgresBackend() override {
    lock_->StopRenewing();  // its thread may interrupt session_, which goes first
    session_->Rollback();
    // Ending the session would release an advisory lock too; unlocking says so sooner.
    if (lock_->held() && session_->connected()) (void)lock_->Release(*session_, lock_session_);
  }
  PostgresBackend(const PostgresBackend&) = delete;
  PostgresBackend& operator=(const PostgresBackend&) = delete;

  DatabaseKind kind() const override { return DatabaseKind::kPostgres; }

  Status AcquireMigrationLock(std::chrono::milliseconds timeout) override;
  Status ReleaseMigrationLock() override;
  Result<bool> IsMigrationLockHeld() override {
    REV_ASSIGN_OR_RETURN(std::vector<LockHolder> holders, ReadLockHolders());
    for (const LockHolder& holder : holders) {
      if (!holder.expired) return true;
    }
    return false;
  }
  Result<std::vector<LockHolder>> ReadLockHolders() override {
    REV_ASSIGN_OR_RETURN(PgSession * session, Live());
    return lock_->ReadHolders(*session);
  }
  Result<bool> ReleaseLease(int64_t token) override {
    REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
    return lock_->Clear(*session, token);
  }

  Status EnsureTables() override {
    if (!lock_->held()) {
      return Status::Internal("rev's tables are created only under the migration lock");
    }
    return Fenced([this](PgSession& s) { return PgEnsureTables(s, tables_); });
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
    Status ran = session->ExecuteScript(sql, source);
    return ran.ok() ? ran : IfLeaseLost(ran);
  }
  Status ApplyVersionEdit(const VersionEdit& edit) override {
    return Fenced([&](PgSession& s) { return PgApplyVersionEdit(s, tables_, edit); });
  }
  Status ReplaceHeads(const RevisionIds& heads) override {
    return Fenced([&](PgSession& s) { return PgReplaceHeads(s, tables_, heads); });
  }
  Status RecordApplied(const AppliedRevision& applied) override {
    return Fenced([&](PgSession& s) { return PgRecordApplied(s, tables_, applied); });
  }
  Status ForgetApplied(const std::string& revision) override {
    return Fenced([&](PgSession& s) { return PgForgetApplied(s, tables_, revision); });
  }
  Result<int64_t> AppendHistory(const HistoryRow& row) override {
    return Fenced([&](PgSession& s) { return PgAppendHistory(s, tables_, row); });
  }
  Status FinishHistory(int64_t id, const HistoryRow& outcome) override {
    return Fenced([&](PgSession& s) { return PgFinishHistory(s, tables_, id, outcome); });
  }
  Result<int64_t> RecordStep(const VersionEdit& edit, const std::optional<AppliedRevision>& applied,
                             const HistoryRow& row) override {
    return Fenced([&](PgSession& s) { return PgRecordStep(s, tables_, edit, applied, row); });
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
      return IfLeaseLost(
          Status::Database("the connection was lost; the transaction was rolled back"));
    }
    Status committed = session_->Commit();
    return committed.ok() ? committed : IfLeaseLost(committed);
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
  // Begins a transaction on `session` with what each transaction needs set (SET LOCAL).
  Status BeginOn(PgSession& session);
  // Runs `write` of rev's bookkeeping; with the lease, after the fence, inside the open
  // transaction or else one of its own.
  template <typename Write>
  auto Fenced(const Write& write) -> decltype(write(std::declval<PgSession&>()));
  // `error`, or kLockLost when this run's lease is gone: whatever failed, the run lost.
  Status IfLeaseLost(const Status& error);

  const DatabaseUrl url_;
  const BackendOptions options_;
  const PgTables tables_;
  const std::unique_ptr<PgMigrationLock> lock_;
  const bool pooled_;    // a connection pooler was seen: no session state
  const bool writable_;  // false for reading commands (OpenBackend's create)
  std::unique_ptr<PgSession> session_;
  // Held while session_ is replaced, and by Interrupt(), which runs on another thread.
  std::mutex session_mutex_;
  uint64_t generation_ = 0;
  std::atomic<bool> interrupted_{false};
  bool lock_wanted_ = false;   // between AcquireMigrationLock and ReleaseMigrationLock
  bool lock_session_ = false;  // session mode: session_ holds the advisory lock
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
    REV_ASSIGN_OR_RETURN(std::unique_ptr<PgSession> fresh, OpenSession(url_, options_, pooled_));
    std::lock_guard<std::mutex> guard(session_mutex_);
    session_ = std::move(fresh);  // the old session's transaction ended with its connection
    // Checked under the mutex: an Interrupt() racing with the swap reaches one session or
    // the other.
    if (interrupted_) session_->Interrupt();
    ++generation_;
    lock_session_ = false;
  }
  // A lease is not a session's: only the advisory lock is taken back.
  if (lock_wanted_ && !lock_->lease() && !lock_session_) {
    Status retaken = lock_->Retake(*session_, lock_timeout_);
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
    lock_session_ = true;
  }
  return session_.get();
}

Status PostgresBackend::AcquireMigrationLock(std::chrono::milliseconds timeout) {
  REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
  if (lock_->held()) return Status::Ok();
  // The renewer's own connection; a lost lease cancels what the run is doing at once.
  auto open = [url = url_, options = options_]() -> Result<std::unique_ptr<PgSession>> {
    return PgSession::Open(url, options.application_name + " lease");
  };
  REV_RETURN_IF_ERROR(
      lock_->Acquire(*session, timeout, options_.on_lock_wait, open, [this] { Interrupt(); }));
  lock_wanted_ = true;
  lock_session_ = !lock_->lease();
  lock_timeout_ = timeout;
  return Status::Ok();
}

Status PostgresBackend::ReleaseMigrationLock() {
  lock_wanted_ = false;
  if (!lock_->held()) return Status::Ok();
  // A lost session took its advisory lock with it; a lease is released on a new one.
  Result<PgSession*> session = lock_->lease() ? Live() : Result<PgSession*>(session_.get());
  if (!session.ok() || !(*session)->connected()) return Status::Ok();
  Status released = lock_->Release(**session, lock_session_);
  lock_session_ = false;
  return released;
}

Status PostgresBackend::BeginOn(PgSession& session) {
  REV_RETURN_IF_ERROR(session.Begin());
  if (!pooled_ && !lock_->lease()) return Status::Ok();
  std::vector<std::pair<std::string, std::string>> extra;
  if (lock_->lease()) {
    extra.emplace_back("idle_in_transaction_session_timeout",
                       std::to_string(options_.lock_lease.count()) + "s");
  }
  Status set = pooled_ ? ApplySessionSettings(session, options_, true, extra)
                       : ApplySessionSettings(session, BackendOptions{}, true, extra);
  if (!set.ok()) session.Rollback();
  return set;
}

template <typename Write>
auto PostgresBackend::Fenced(const Write& write) -> decltype(write(std::declval<PgSession&>())) {
  REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
  if (!lock_->lease()) return write(*session);
  const bool own = !session->in_transaction();
  if (own) REV_RETURN_IF_ERROR(BeginOn(*session));
  Status status = lock_->Fence(*session);
  auto result = status.ok() ? write(*session) : decltype(write(*session))(status);
  if (own && result.ok()) status = session->Commit();
  if (own && !result.ok()) session->Rollback();
  if (!result.ok()) return IfLeaseLost(StatusOf(result));
  if (!status.ok()) return IfLeaseLost(status);
  return result;
}

Status PostgresBackend::IfLeaseLost(const Status& error) {
  if (!lock_->lease() || error.code() == StatusCode::kLockLost) return error;
  Result<PgSession*> session = Live();
  if (!session.ok()) return error;
  std::optional<Status> lost = lock_->Lost(**session);
  return lost ? *lost : error;
}

Result<std::unique_ptr<Transaction>> PostgresBackend::Begin() {
  REV_ASSIGN_OR_RETURN(PgSession * session, LiveForChange());
  if (session->in_transaction()) {
    return Status::Internal("a transaction is already open on this backend");
  }
  REV_RETURN_IF_ERROR(BeginOn(*session));
  return std::unique_ptr<Transaction>(std::make_unique<PostgresTransaction>(this, generation_));
}

}  // namespace

// A PostgreSQL database is made by its administrator: opening one never creates anything.
// `create` false (reading commands) makes a backend that refuses changes, as on SQLite.
Result<std::unique_ptr<Backend>> OpenPostgresBackend(const DatabaseUrl& url,
                                                     const BackendOptions& options, bool create) {
  REV_ASSIGN_OR_RETURN(std::unique_ptr<PgSession> session,
                       PgSession::Open(url, options.application_name));
  REV_ASSIGN_OR_RETURN(std::string pooler, PgPoolerEvidence(*session));
  if (pooler.empty()) REV_RETURN_IF_ERROR(ApplySessionSettings(*session, options, false));
  PgTables tables;
  REV_ASSIGN_OR_RETURN(std::unique_ptr<PgMigrationLock> lock,
                       ResolvePlacement(*session, options, pooler, &tables));
  return std::unique_ptr<Backend>(
      std::make_unique<PostgresBackend>(url, options, std::move(session), std::move(tables),
                                        std::move(lock), !pooler.empty(), create));
}

}  // namespace rev::engine::backends
