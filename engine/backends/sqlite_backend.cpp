#include "engine/backends/sqlite_backend.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <filesystem>

#include "engine/backends/backend_factories.h"
#include "engine/backends/script_location.h"
#include "engine/backends/sql_identifiers.h"

namespace rev::engine::backends {
namespace {

constexpr int kDefaultBusyTimeoutMs = 5000;

class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(SqliteBackend* backend) : backend_(backend) {}
  ~SqliteTransaction() override {
    if (open_) backend_->RollbackTransaction();
  }
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  Status Commit() override {
    if (!open_) return Status::Internal("the transaction was already committed");
    open_ = false;
    return backend_->CommitTransaction();
  }

 private:
  SqliteBackend* backend_;
  bool open_ = true;
};

// Runs DDL that takes no values (rev's own CREATE TABLE statements).
Status ExecDdl(sqlite3* db, const std::string& sql) {
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "creating rev's tables");
  return Status::Ok();
}

}  // namespace

SqliteBackend::SqliteBackend(DatabaseUrl url, BackendOptions options, SqliteHandle db,
                             bool writable)
    : url_(std::move(url)), options_(std::move(options)), db_(std::move(db)), writable_(writable) {
  if (!url_.in_memory()) lock_.emplace(MigrationLockFile::PathFor(url_.sqlite_path()));
}

SqliteBackend::~SqliteBackend() {
  if (in_transaction_) RollbackTransaction();
}

Status SqliteBackend::RequireWritable() const {
  if (writable_) return Status::Ok();
  return Status::Internal("the SQLite database " + url_.Redacted() +
                          " was opened for reading only");
}

// --- the migration lock ----------------------------------------------------------------

Status SqliteBackend::AcquireMigrationLock(std::chrono::milliseconds timeout) {
  REV_RETURN_IF_ERROR(RequireWritable());
  if (lock_) REV_RETURN_IF_ERROR(lock_->Acquire(timeout, options_.on_lock_wait));
  lock_held_ = true;
  // Other applications' writers are waited for as long as other revs are.
  auto busy_ms = std::clamp<int64_t>(timeout.count(), 0, INT_MAX);
  sqlite3_busy_timeout(db_.get(), static_cast<int>(busy_ms));
  return Status::Ok();
}

Status SqliteBackend::ReleaseMigrationLock() {
  if (lock_) lock_->Release();
  lock_held_ = false;
  return Status::Ok();
}

Result<bool> SqliteBackend::IsMigrationLockHeld() {
  if (!lock_) return false;
  return lock_->IsHeld();
}

// --- tables ----------------------------------------------------------------------------

Result<bool> SqliteBackend::HasTable(const std::string& name) {
  REV_ASSIGN_OR_RETURN(SqliteStatement * statement, Cached(Sql::kHasTable));
  bool found = false;
  REV_RETURN_IF_ERROR(statement->Run({name}, [&](const SqliteStatement&) { found = true; }));
  return found;
}

Result<bool> SqliteBackend::HasVersionTable() { return HasTable(options_.version_table); }

Status SqliteBackend::EnsureTables() {
  REV_RETURN_IF_ERROR(RequireWritable());
  if (!lock_held_)
    return Status::Internal("rev's tables are created only under the migration lock");
  REV_ASSIGN_OR_RETURN(bool has_version, HasTable(options_.version_table));
  REV_ASSIGN_OR_RETURN(bool has_history, HasTable(options_.history_table));
  REV_ASSIGN_OR_RETURN(bool has_applied, HasTable(options_.applied_table));
  if (has_version && has_history && has_applied) return Status::Ok();

  std::unique_ptr<Transaction> transaction;
  if (!in_transaction_) {
    REV_ASSIGN_OR_RETURN(transaction, Begin());
  }
  // An existing version table (Alembic's alembic_version included) is used as it is.
  if (!has_version) {
    REV_RETURN_IF_ERROR(
        ExecDdl(db_.get(), "CREATE TABLE IF NOT EXISTS " + QuoteIdentifier(options_.version_table) +
                               " (version_num VARCHAR(64) NOT NULL PRIMARY KEY) WITHOUT ROWID"));
  }
  if (!has_history) {
    REV_RETURN_IF_ERROR(
        ExecDdl(db_.get(), "CREATE TABLE IF NOT EXISTS " + QuoteIdentifier(options_.history_table) +
                               " (id INTEGER PRIMARY KEY, revision VARCHAR(64) NOT NULL,"
                               " direction VARCHAR(16) NOT NULL, from_heads TEXT NOT NULL,"
                               " to_heads TEXT NOT NULL, checksum VARCHAR(64) NOT NULL,"
                               " status VARCHAR(16) NOT NULL, transactional BOOLEAN NOT NULL,"
                               " started_at VARCHAR(32) NOT NULL, finished_at VARCHAR(32),"
                               " duration_ms BIGINT, error TEXT, rev_version VARCHAR(32) NOT NULL,"
                               " run_by TEXT NOT NULL)"));
  }
  if (!has_applied) {
    REV_RETURN_IF_ERROR(ExecDdl(db_.get(), "CREATE TABLE IF NOT EXISTS " +
                                               QuoteIdentifier(options_.applied_table) +
                                               " (revision VARCHAR(64) NOT NULL PRIMARY KEY,"
                                               " checksum VARCHAR(64) NOT NULL,"
                                               " applied_at VARCHAR(32) NOT NULL) WITHOUT ROWID"));
  }
  if (transaction) return transaction->Commit();
  return Status::Ok();
}

// --- transactions ----------------------------------------------------------------------

Result<std::vector<QueryRow>> SqliteBackend::Query(const std::string& sql,
                                                   const QueryParams& params,
                                                   const std::string& what) {
  REV_ASSIGN_OR_RETURN(SqliteStatement statement, SqliteStatement::Prepare(db_.get(), sql));
  std::vector<SqlValue> values;
  values.reserve(params.size());
  for (const auto& param : params) {
    if (param) {
      values.emplace_back(*param);
    } else {
      values.emplace_back(nullptr);
    }
  }
  std::vector<QueryRow> rows;
  Status status = statement.Run(values, [&rows](const SqliteStatement& row) {
    QueryRow& out = rows.emplace_back();
    out.reserve(static_cast<size_t>(row.column_count()));
    for (int column = 0; column < row.column_count(); ++column) out.push_back(row.Nullable(column));
  });
  if (!status.ok()) return Status::Database(what + ": " + status.message());
  return rows;
}

Result<std::unique_ptr<Transaction>> SqliteBackend::Begin() {
  REV_RETURN_IF_ERROR(RequireWritable());
  if (in_transaction_) return Status::Internal("a transaction is already open");
  REV_ASSIGN_OR_RETURN(SqliteStatement * begin, Cached(Sql::kBegin));
  Status status = begin->Run({});
  if (!status.ok()) {
    return Status(status).WithHint(
        "another connection kept the database locked for writing longer than the lock "
        "timeout; retry when it is done or raise --lock-timeout");
  }
  in_transaction_ = true;
  return std::unique_ptr<Transaction>(std::make_unique<SqliteTransaction>(this));
}

Status SqliteBackend::CommitTransaction() {
  if (sqlite3_get_autocommit(db_.get()) != 0) {
    // SQLite already rolled the transaction back (an interrupted write, a full disk).
    in_transaction_ = false;
    return Status::Database("the transaction was rolled back by SQLite before it could commit");
  }
  REV_ASSIGN_OR_RETURN(SqliteStatement * commit, Cached(Sql::kCommit));
  Status status = commit->Run({});
  if (!status.ok()) {
    RollbackTransaction();
    return Status::Database("commit failed: " + status.message());
  }
  in_transaction_ = false;
  return Status::Ok();
}

void SqliteBackend::RollbackTransaction() {
  // A ROLLBACK hit by a concurrent Interrupt() fails; it is safe to try again.
  for (int attempt = 0; attempt < 3 && sqlite3_get_autocommit(db_.get()) == 0; ++attempt) {
    Result<SqliteStatement*> rollback = Cached(Sql::kRollback);
    if (!rollback.ok()) break;
    Status ignored = (*rollback)->Run({});
    (void)ignored;
  }
  in_transaction_ = false;
}

// --- scripts ---------------------------------------------------------------------------

Status SqliteBackend::ExecuteScript(const std::string& sql, const ScriptSource& source) {
  REV_RETURN_IF_ERROR(RequireWritable());
  size_t offset = 0;
  while (offset < sql.size()) {
    REV_RETURN_IF_ERROR(RunScriptStatement(sql, &offset, source));
  }
  if (!in_transaction_ && sqlite3_get_autocommit(db_.get()) == 0) {
    RollbackTransaction();
    return Status::Database("the script left a transaction open; it was rolled back")
        .At({source.path, source.first_line, 0})
        .WithHint("end each BEGIN in the section with COMMIT");
  }
  return Status::Ok();
}

// Prepares and runs the statement starting at *offset (SQLite's own statement boundaries:
// prepare's tail, never a split on ';') and moves *offset past it.
Status SqliteBackend::RunScriptStatement(const std::string& sql, size_t* offset,
                                         const ScriptSource& source) {
  size_t start = SkipBlankSql(sql, *offset);
  if (interrupted_.load()) {
    return Status::Interrupted("interrupted").At(LocateInScript(sql, start, source));
  }
  const char* text = sql.c_str() + *offset;
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  // The length counts the string's terminating NUL: SQLite copies the whole rest of the
  // script before each statement otherwise, which makes a long script quadratic.
  int rc =
      sqlite3_prepare_v2(db_.get(), text, static_cast<int>(sql.size() - *offset + 1), &raw, &tail);
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
  auto fail = [&](int code) {
    // SQLite points at the offending token when it can (syntax, unknown names); for errors
    // found while running, the statement's first token is the best place there is.
    int error_offset = sqlite3_error_offset(db_.get());
    size_t at = error_offset >= 0 ? *offset + static_cast<size_t>(error_offset) : start;
    return SqliteError(db_.get(), code, "")
        .At(LocateInScript(sql, std::min(at, sql.size()), source));
  };
  if (rc != SQLITE_OK) return fail(rc);
  size_t next = static_cast<size_t>(tail - sql.c_str());
  if (statement == nullptr) {  // only whitespace or comments were left
    *offset = sql.size();
    return Status::Ok();
  }
  while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return fail(rc);
  if (in_transaction_ && sqlite3_get_autocommit(db_.get()) != 0) {
    return Status::Database("the statement ended rev's transaction (COMMIT, END or ROLLBACK)")
        .At(LocateInScript(sql, start, source))
        .WithHint("remove it, or mark the revision `transactional: false`");
  }
  *offset = next;
  return Status::Ok();
}

void SqliteBackend::Interrupt() {
  interrupted_.store(true);
  sqlite3_interrupt(db_.get());
}

// --- opening ---------------------------------------------------------------------------

Result<std::unique_ptr<Backend>> OpenSqliteBackend(const DatabaseUrl& url,
                                                   const BackendOptions& options, bool create) {
  std::string path = url.sqlite_path().string();
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (!url.in_memory() && !create) {
    std::error_code error;
    if (!std::filesystem::exists(url.sqlite_path(), error)) {
      // Reading a database that does not exist yet: nothing is applied. An empty private
      // database answers every read that way, and the file is not created.
      path = ":memory:";
    } else if (std::filesystem::exists(path + "-journal", error) &&
               ::access(path.c_str(), W_OK) == 0) {
      // A rollback journal beside the file: a writer was killed mid-transaction (or is
      // writing now). A read-only connection cannot roll a hot journal back and fails with
      // SQLITE_READONLY_ROLLBACK; a read-write one does so on its first read, creating
      // nothing.
      flags = SQLITE_OPEN_READWRITE;
    } else {
      flags = SQLITE_OPEN_READONLY;
    }
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) {
    Status failed = SqliteError(db.get(), rc, "cannot open the SQLite database " + url.Redacted());
    if ((rc & 0xff) == SQLITE_CANTOPEN) {
      // Its folder may be a volume not mounted yet: worth waiting for (--wait-for-database).
      failed = Status::Unavailable(failed.message());
    }
    return std::move(failed).WithHint(create ? "check that the folder exists and is writable"
                                             : "check the path");
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kDefaultBusyTimeoutMs);
  return std::unique_ptr<Backend>(
      std::make_unique<SqliteBackend>(url, options, std::move(db), create));
}

}  // namespace rev::engine::backends
