#include "engine/backends/postgres_pooler.h"

namespace rev::engine::backends {

Result<std::string> PgPoolerEvidence(PgSession& session) {
  if (session.in_transaction()) {
    return Status::Internal("a connection pooler is looked for outside any transaction");
  }
  REV_ASSIGN_OR_RETURN(PgResult first,
                       session.Query("SELECT inet_server_port()::text, pg_backend_pid()::text", {},
                                     "looking for a connection pooler"));
  const std::string server_port = first.rows.at(0).at(0).value_or("");
  const std::string first_pid = first.rows.at(0).at(1).value_or("");
  const std::string client_port = session.client_port();
  if (!server_port.empty() && !client_port.empty() && server_port != client_port) {
    return "the server listens on port " + server_port + " but rev connected to port " +
           client_port;
  }
  REV_ASSIGN_OR_RETURN(PgResult second, session.Query("SELECT pg_backend_pid()::text", {},
                                                      "looking for a connection pooler"));
  const std::string second_pid = second.rows.at(0).at(0).value_or("");
  if (first_pid != second_pid) {
    return "two transactions ran on different server sessions (pid " + first_pid + ", then " +
           second_pid + ")";
  }
  return std::string();
}

std::string EngineWithoutAdvisoryLocks(const std::string& version) {
  if (version.find("CockroachDB") != std::string::npos) return "CockroachDB";
  if (version.find("-YB-") != std::string::npos) return "YugabyteDB";
  return "";
}

Result<std::string> PgEngineWithoutAdvisoryLocks(PgSession& session) {
  REV_ASSIGN_OR_RETURN(PgResult result,
                       session.Query("SELECT version()", {}, "reading the server's version"));
  return EngineWithoutAdvisoryLocks(result.rows.at(0).at(0).value_or(""));
}

}  // namespace rev::engine::backends
