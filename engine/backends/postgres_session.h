// PgSession: the one connection a PostgreSQL backend uses for a whole run, on libpqxx.
//
// One connection, because the migration lock is a session-level advisory lock: it belongs
// to this session, every step runs on it (so a CREATE INDEX CONCURRENTLY in autocommit
// sees no other session of ours), and it is released when the session ends, however the
// process ends. libpqxx's automatic reconnection is switched off: a silent new session
// would have lost the lock. After the connection is lost every call fails; a new
// PgSession (a new run) reads the state back.
//
// No libpqxx or libpq type appears here; postgres_session.cpp holds them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "engine/backends/database_url.h"
#include "revisions/result.h"

namespace rev::engine::backends {

// Parameter values, bound as text (nullopt is NULL); the SQL casts where it needs a type.
using PgParams = std::vector<std::optional<std::string>>;
// A row of a result, every field as text (nullopt for NULL).
using PgRow = std::vector<std::optional<std::string>>;
struct PgResult {
  std::vector<PgRow> rows;
  int64_t affected_rows = 0;
};

class PgSession {
 public:
  // Connects to `url`. libpq itself takes what the URL leaves out from PGPASSWORD,
  // ~/.pgpass (or PGPASSFILE), PGHOST and the other PG* variables. `application_name` is
  // libpq's fallback_application_name: an application_name in the URL or PGAPPNAME wins.
  // The client encoding is UTF8 (revision files are UTF-8). Fails with kDatabase naming the
  // URL redacted and libpq's reason; the password never appears.
  static Result<std::unique_ptr<PgSession>> Open(const DatabaseUrl& url,
                                                 const std::string& application_name);
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  // Runs one statement of rev's own with `params` bound, inside the open transaction if
  // any, else in autocommit. Fails with kDatabase "<what>: <server message> (SQLSTATE ..)";
  // last_sqlstate() then holds the SQLSTATE.
  Result<PgResult> Query(const std::string& sql, const PgParams& params, const std::string& what);

  // REQUIRES: no transaction is open.
  Status Begin();
  // Fails with kDatabase when COMMIT fails, or when a statement in the transaction had
  // failed (PostgreSQL then rolls it back); with kCommitUnknown when the connection was lost
  // during COMMIT, so nobody can say whether it committed. No transaction is open after.
  Status Commit();
  // Rolls back the open transaction, if any. Never fails: a lost connection rolled it back.
  void Rollback();
  bool in_transaction() const;

  // Runs `sql`: inside an open transaction as one simple query; outside one (a
  // transactional: false section) statement by statement (SplitPostgresStatements), since
  // PostgreSQL would run a query of several statements in one implicit transaction, where
  // CREATE INDEX CONCURRENTLY cannot run. Those before a failing statement stay done: the
  // error says how many. Fails with kDatabase located at the file line
  // of the error position (PgScriptError), with kDatabase when the script ended an open
  // transaction or left one open (COMMIT / BEGIN in a revision), with kInterrupted after
  // Interrupt().
  Status ExecuteScript(const std::string& sql, const ScriptSource& source);

  // Cancels a running ExecuteScript (PQcancel) and makes later ones fail with
  // kInterrupted. Safe from another thread; not from a signal handler.
  void Interrupt();

  // The server process of this session (pg_backend_pid()), also after it was lost.
  int backend_pid() const;
  // False once the connection was lost.
  bool connected() const;
  // The port this client connected to (libpq's PQport): compared with the server's own
  // port to see a proxy in between.
  std::string client_port() const;
  // The SQLSTATE of the last failed Query ("" when it had none).
  const std::string& last_sqlstate() const;

 private:
  class Impl;
  explicit PgSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rev::engine::backends
