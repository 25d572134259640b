#include "engine/backends/postgres_session.h"

#include <libpq-fe.h>

#include <atomic>
#include <cstring>
#include <optional>
#include <pqxx/pqxx>

#include "engine/backends/pg_statements.h"
#include "engine/backends/postgres_errors.h"

namespace rev::engine::backends {
namespace {

// libpqxx 6.4 keeps its PGconn to itself, and drops the error position of every error but
// a syntax error. rev needs the handle (to read PG_DIAG_STATEMENT_POSITION of a script's
// error, PQcancel, PQtransactionStatus), so it connects through a policy of its own, which
// libpqxx hands the handle to, and through which libpq is asked with PQconnectdbParams.
class CapturingPolicy final : public pqxx::connectionpolicy {
 public:
  CapturingPolicy(const std::string& conninfo, std::string application_name)
      : pqxx::connectionpolicy(conninfo), application_name_(std::move(application_name)) {}

  handle do_startconnect(handle orig) override {
    if (orig != nullptr) return orig;
    // dbname is expanded (a URI or key=value string); what it sets overrides the fallback
    // application name before it, and client_encoding after it overrides what it sets.
    const char* keywords[] = {"fallback_application_name", "dbname", "client_encoding", nullptr};
    const char* values[] = {application_name_.c_str(), options().c_str(), "UTF8", nullptr};
    handle conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (conn == nullptr) throw pqxx::broken_connection("libpq could not allocate a connection");
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn);
      PQfinish(conn);
      throw pqxx::broken_connection(message);
    }
    handle_ = conn;
    return conn;
  }
  handle do_dropconnect(handle orig) noexcept override {
    handle_ = nullptr;
    return pqxx::connectionpolicy::do_dropconnect(orig);
  }
  handle do_disconnect(handle orig) noexcept override {
    handle_ = nullptr;
    return pqxx::connectionpolicy::do_disconnect(orig);
  }

  PGconn* raw() const { return handle_; }

 private:
  std::string application_name_;
  PGconn* handle_ = nullptr;
};

// A libpqxx connection over CapturingPolicy, built as libpqxx builds its own connection
// types (basic_connection_base): the base keeps a reference to the policy member.
class Connection final : public pqxx::connection_base {
 public:
  Connection(const std::string& conninfo, const std::string& application_name)
      : pqxx::connection_base(policy_), policy_(conninfo, application_name) {
    init();
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    // Deprecated only because libpqxx 7 drops reactivation altogether, which is what rev
    // wants: a silently re-opened session would not hold the migration lock.
    inhibit_reactivation(true);
#pragma GCC diagnostic pop
  }
  ~Connection() { close(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  PGconn* raw() const { return policy_.raw(); }

 private:
  CapturingPolicy policy_;
};

// Whether the server cannot be reached or does not accept connections yet (refused, no
// such host yet, starting up, in recovery): libpq's own test, as pg_isready's. A server that
// accepts connections and refused this one (authentication, no such database) is ready.
bool ServerNotReady(const DatabaseUrl& url) {
  const std::string conninfo = url.connection_string();
  const char* keywords[] = {"dbname", nullptr};
  const char* values[] = {conninfo.c_str(), nullptr};
  PGPing ping = PQpingParams(keywords, values, /*expand_dbname=*/1);
  return ping == PQPING_REJECT || ping == PQPING_NO_RESPONSE;
}

std::string Field(const PGresult* result, int code) {
  const char* value = result == nullptr ? nullptr : PQresultErrorField(result, code);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

class PgSession::Impl {
 public:
  Impl(const DatabaseUrl& url, const std::string& application_name)
      : url_(url), connection_(url.connection_string(), application_name) {
    cancel_ = PQgetCancel(connection_.raw());
    pid_ = connection_.backendpid();
    const char* encoding = PQparameterStatus(connection_.raw(), "server_encoding");
    positions_are_bytes_ = encoding != nullptr && std::strcmp(encoding, "SQL_ASCII") == 0;
  }
  ~Impl() {
    Rollback();
    if (cancel_ != nullptr) PQfreeCancel(cancel_);
  }

  Result<PgResult> Query(const std::string& sql, const PgParams& params, const std::string& what);
  Status Begin();
  Status Commit();
  void Rollback();
  Status ExecuteScript(const std::string& sql, const ScriptSource& source);
  void Interrupt();

  int backend_pid() const { return pid_; }
  bool connected() const { return !lost_; }
  std::string client_port() const {
    const char* port = connection_.raw() == nullptr ? nullptr : PQport(connection_.raw());
    return port == nullptr ? std::string() : std::string(port);
  }
  bool in_transaction() const { return transaction_ != nullptr; }
  const std::string& last_sqlstate() const { return last_sqlstate_; }

 private:
  Status Lost() const;
  Status FromException(const std::exception& error, const std::string& what);
  // Drains the results of the script sent with PQsendQuery; returns the first error (or a
  // null result when there was none). A COPY FROM STDIN is refused, a COPY TO STDOUT's rows
  // are dropped: a revision has no client side to talk to.
  PGresult* DrainScriptResults();
  Status CheckTransactionAfterScript(bool had_transaction, const ScriptSource& source);
  // Sends `sql` (or, for a `part`, sql[part->begin, end): one statement) as one query and
  // waits for all its results.
  Status SendQuery(const std::string& sql, const ScriptSource& source,
                   const std::optional<ScriptPart>& part, size_t end);

  DatabaseUrl url_;
  Connection connection_;
  std::unique_ptr<pqxx::work> transaction_;
  PGcancel* cancel_ = nullptr;
  int pid_ = 0;
  bool positions_are_bytes_ = false;
  bool lost_ = false;
  std::string last_sqlstate_;
  std::atomic<bool> interrupted_{false};
  std::atomic<bool> script_running_{false};
};

Status PgSession::Impl::Lost() const {
  return Status::Database("the connection to the database was lost")
      .WithHint("run rev again: it reads back what was committed and goes on from there");
}

Status PgSession::Impl::FromException(const std::exception& error, const std::string& what) {
  PgError pg_error;
  pg_error.message = StripSeverity(url_.RedactMessage(error.what()));
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
    pg_error.sqlstate = sql->sqlstate();
  } else if (dynamic_cast<const pqxx::deadlock_detected*>(&error) != nullptr) {
    pg_error.sqlstate = "40P01";  // libpqxx 6.4's transaction_rollback family has no sqlstate()
  } else if (dynamic_cast<const pqxx::serialization_failure*>(&error) != nullptr) {
    pg_error.sqlstate = "40001";
  } else if (dynamic_cast<const pqxx::statement_completion_unknown*>(&error) != nullptr) {
    pg_error.sqlstate = "40003";
  } else if (dynamic_cast<const pqxx::transaction_rollback*>(&error) != nullptr) {
    pg_error.sqlstate = "40000";
  }
  // libpqxx 6.4 leaves sqlstate() empty for some of its own classes; their class says it.
  if (pg_error.sqlstate.empty()) {
    if (dynamic_cast<const pqxx::insufficient_privilege*>(&error) != nullptr) {
      pg_error.sqlstate = "42501";
    } else if (dynamic_cast<const pqxx::undefined_function*>(&error) != nullptr) {
      pg_error.sqlstate = "42883";
    } else if (dynamic_cast<const pqxx::feature_not_supported*>(&error) != nullptr) {
      pg_error.sqlstate = "0A000";
    } else if (dynamic_cast<const pqxx::unique_violation*>(&error) != nullptr) {
      pg_error.sqlstate = "23505";
    }
  }
  last_sqlstate_ = pg_error.sqlstate;
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr || !connection_.is_open() ||
      PQstatus(connection_.raw()) == CONNECTION_BAD) {
    lost_ = true;
    transaction_.reset();
    return Status::Database(what + ": the connection to the database was lost: " + pg_error.message)
        .WithHint("run rev again: it reads back what was committed and goes on from there");
  }
  return PgStatementError(pg_error, what);
}

Result<PgResult> PgSession::Impl::Query(const std::string& sql, const PgParams& params,
                                        const std::string& what) {
  if (lost_) return Lost();
  last_sqlstate_.clear();
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::optional<std::string>& param : params) {
    values.push_back(param ? param->c_str() : nullptr);
  }
  try {
    pqxx::result result;
    if (transaction_ != nullptr) {
      result = transaction_->exec_params(sql, pqxx::prepare::make_dynamic_params(values));
    } else {
      pqxx::nontransaction autocommit(connection_);
      result = autocommit.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
    }
    PgResult out;
    out.affected_rows = static_cast<int64_t>(result.affected_rows());
    out.rows.reserve(result.size());
    for (const pqxx::row& row : result) {
      PgRow& fields = out.rows.emplace_back();
      fields.reserve(row.size());
      for (const pqxx::field& field : row) {
        if (field.is_null()) {
          fields.emplace_back(std::nullopt);
        } else {
          fields.emplace_back(std::string(field.c_str(), field.size()));
        }
      }
    }
    return out;
  } catch (const std::exception& error) {
    return FromException(error, what);
  }
}

Status PgSession::Impl::Begin() {
  if (lost_) return Lost();
  if (transaction_ != nullptr) return Status::Internal("a transaction is already open");
  try {
    transaction_ = std::make_unique<pqxx::work>(connection_);
    return Status::Ok();
  } catch (const std::exception& error) {
    return FromException(error, "beginning a transaction");
  }
}

Status PgSession::Impl::Commit() {
  if (lost_) return Lost();
  if (transaction_ == nullptr) return Status::Internal("commit without an open transaction");
  // libpqxx 6.4 would report success for a COMMIT of a failed transaction (PostgreSQL
  // answers it with ROLLBACK, not an error): a failed statement must fail the commit.
  if (PQtransactionStatus(connection_.raw()) == PQTRANS_INERROR) {
    Rollback();
    return Status::Database(
        "the transaction was rolled back: a statement in it had failed, so nothing of it was "
        "committed");
  }
  try {
    transaction_->commit();
    transaction_.reset();
    return Status::Ok();
  } catch (const pqxx::in_doubt_error& error) {
    transaction_.reset();
    lost_ = true;
    return Status::CommitUnknown(
               "the connection to the database was lost during COMMIT: whether the "
               "transaction committed is unknown")
        .WithHint(
            "do not run the step again by hand; rev reads the version and history tables back "
            "on the next connection to settle what happened (run `rev status`)");
  } catch (const std::exception& error) {
    transaction_.reset();
    return FromException(error, "committing");
  }
}

void PgSession::Impl::Rollback() {
  if (transaction_ == nullptr) return;
  try {
    transaction_->abort();
  } catch (const std::exception&) {
    // The connection is gone, and with it the transaction.
    lost_ = lost_ || PQstatus(connection_.raw()) == CONNECTION_BAD;
  }
  transaction_.reset();
}

PGresult* PgSession::Impl::DrainScriptResults() {
  PGconn* conn = connection_.raw();
  PGresult* first_error = nullptr;
  while (PGresult* result = PQgetResult(conn)) {
    ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COPY_IN) {
      PQputCopyEnd(conn,
                   "COPY FROM STDIN cannot run in a revision: use COPY FROM a file or INSERT");
    } else if (status == PGRES_COPY_OUT) {
      char* buffer = nullptr;
      while (PQgetCopyData(conn, &buffer, /*async=*/0) > 0) PQfreemem(buffer);
    }
    if ((status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE) && first_error == nullptr) {
      first_error = result;
    } else {
      PQclear(result);
    }
    if (PQstatus(conn) == CONNECTION_BAD) break;
  }
  return first_error;
}

Status PgSession::Impl::ExecuteScript(const std::string& sql, const ScriptSource& source) {
  if (lost_) return Lost();
  if (interrupted_) return Status::Interrupted("interrupted before the script ran");
  const bool had_transaction = transaction_ != nullptr;
  if (had_transaction) {
    REV_RETURN_IF_ERROR(SendQuery(sql, source, std::nullopt, sql.size()));
    return CheckTransactionAfterScript(had_transaction, source);
  }
  std::vector<StatementRange> statements = SplitPostgresStatements(sql);
  for (size_t i = 0; i < statements.size(); ++i) {
    // What a failure of this statement leaves behind, for its error message.
    std::string done = i == 0
                           ? std::string()
                           : " (statement " + std::to_string(i + 1) + " of " +
                                 std::to_string(statements.size()) + ": the " + std::to_string(i) +
                                 " before it ran outside a transaction and stay done)";
    if (interrupted_) {
      return Status::Interrupted("interrupted between two statements" + done)
          .At({source.path, 0, 0});
    }
    REV_RETURN_IF_ERROR(
        SendQuery(sql, source, ScriptPart{statements[i].begin, done}, statements[i].end));
  }
  return CheckTransactionAfterScript(had_transaction, source);
}

Status PgSession::Impl::SendQuery(const std::string& sql, const ScriptSource& source,
                                  const std::optional<ScriptPart>& part, size_t end) {
  PGconn* conn = connection_.raw();
  // PQsendQuery takes a NUL-terminated string: a statement of a longer script is copied.
  std::string statement = part ? sql.substr(part->begin, end - part->begin) : std::string();
  const std::string& query = part ? statement : sql;
  script_running_ = true;
  PGresult* error = nullptr;
  bool sent = PQsendQuery(conn, query.c_str()) == 1;
  if (sent) error = DrainScriptResults();
  script_running_ = false;
  if (!sent || PQstatus(conn) == CONNECTION_BAD) lost_ = true;
  if (sent && error == nullptr) return Status::Ok();
  PgError pg_error;
  pg_error.sqlstate = Field(error, PG_DIAG_SQLSTATE);
  pg_error.message = Field(error, PG_DIAG_MESSAGE_PRIMARY);
  if (pg_error.message.empty()) pg_error.message = StripSeverity(PQerrorMessage(conn));
  pg_error.detail = Field(error, PG_DIAG_MESSAGE_DETAIL);
  pg_error.hint = Field(error, PG_DIAG_MESSAGE_HINT);
  std::string position = Field(error, PG_DIAG_STATEMENT_POSITION);
  pg_error.position = position.empty() ? 0 : std::atoi(position.c_str());
  if (error != nullptr) PQclear(error);
  for (std::string* text : {&pg_error.message, &pg_error.detail, &pg_error.hint}) {
    *text = url_.RedactMessage(*text);
  }
  if (interrupted_ && pg_error.sqlstate == kQueryCanceled) {
    return Status::Interrupted("interrupted: PostgreSQL cancelled the running statement" +
                               (part ? part->note : std::string()))
        .At({source.path, 0, 0});
  }
  if (lost_) {
    pg_error.message = "the connection to the database was lost: " + pg_error.message;
  }
  return PgScriptError(pg_error, sql, source, positions_are_bytes_, part ? &*part : nullptr);
}

Status PgSession::Impl::CheckTransactionAfterScript(bool had_transaction,
                                                    const ScriptSource& source) {
  PGTransactionStatusType state = PQtransactionStatus(connection_.raw());
  if (had_transaction && state == PQTRANS_IDLE) {
    return Status::Database(
               "the script ended the step's transaction (a COMMIT or ROLLBACK in the "
               "revision): what ran before it may be committed without rev's record of it")
        .At({source.path, 0, 0})
        .WithHint(
            "remove BEGIN/COMMIT/ROLLBACK from the revision (rev runs each step in a "
            "transaction), or mark it transactional: false; check the database by hand, "
            "then `rev stamp` it to where it is");
  }
  if (!had_transaction && state != PQTRANS_IDLE) {
    PQclear(PQexec(connection_.raw(), "ROLLBACK"));
    return Status::Database(
               "the script left a transaction open (a BEGIN without COMMIT); it was rolled "
               "back")
        .At({source.path, 0, 0})
        .WithHint("end the transaction the revision begins, or leave BEGIN/COMMIT out");
  }
  return Status::Ok();
}

void PgSession::Impl::Interrupt() {
  interrupted_ = true;
  if (script_running_ && cancel_ != nullptr) {
    char reason[256];
    PQcancel(cancel_, reason, sizeof(reason));
  }
}

// --- PgSession -----------------------------------------------------------------------

PgSession::PgSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PgSession::~PgSession() = default;

Result<std::unique_ptr<PgSession>> PgSession::Open(const DatabaseUrl& url,
                                                   const std::string& application_name) {
  try {
    auto impl = std::make_unique<Impl>(url, application_name);
    return std::unique_ptr<PgSession>(new PgSession(std::move(impl)));
  } catch (const std::exception& error) {
    std::string message = "cannot connect to " + url.Redacted() + ": " +
                          StripSeverity(url.RedactMessage(error.what()));
    Status failed = ServerNotReady(url) ? Status::Unavailable(std::move(message))
                                        : Status::Database(std::move(message));
    return std::move(failed).WithHint(
        "check the URL, that the server runs and accepts this role; a password may come "
        "from the URL, PGPASSWORD or ~/.pgpass");
  }
}

Result<PgResult> PgSession::Query(const std::string& sql, const PgParams& params,
                                  const std::string& what) {
  return impl_->Query(sql, params, what);
}
Status PgSession::Begin() { return impl_->Begin(); }
Status PgSession::Commit() { return impl_->Commit(); }
void PgSession::Rollback() { impl_->Rollback(); }
bool PgSession::in_transaction() const { return impl_->in_transaction(); }
Status PgSession::ExecuteScript(const std::string& sql, const ScriptSource& source) {
  return impl_->ExecuteScript(sql, source);
}
void PgSession::Interrupt() { impl_->Interrupt(); }
int PgSession::backend_pid() const { return impl_->backend_pid(); }
bool PgSession::connected() const { return impl_->connected(); }
std::string PgSession::client_port() const { return impl_->client_port(); }
const std::string& PgSession::last_sqlstate() const { return impl_->last_sqlstate(); }

}  // namespace rev::engine::backends
