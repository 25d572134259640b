// Whether a connection pooler (PgBouncer, pgcat, a cloud proxy) stands between rev and
// PostgreSQL. Behind one in transaction mode, consecutive transactions may run on
// different server sessions: a session advisory lock or a SET would stay behind on a
// server connection another client gets next.
#pragma once

#include <string>

#include "engine/backends/postgres_session.h"
#include "revisions/result.h"

namespace rev::engine::backends {

// What gives a pooler away, or "" when nothing does:
//   - the server's own port (inet_server_port()) is not the port this client connected to:
//     something in between forwards the connection (a pooler, or a port forward, which
//     rev cannot tell apart and treats alike);
//   - pg_backend_pid() differs between two transactions: they ran on different sessions.
// A Unix-socket connection has no server port to compare; the pid check still runs.
// REQUIRES: no open transaction.
Result<std::string> PgPoolerEvidence(PgSession& session);

// The PostgreSQL-compatible engine whose advisory locks rev cannot rely on, by what
// `version` (version()'s answer) says, or "" for PostgreSQL itself: CockroachDB
// (pg_try_advisory_lock answers true and locks nothing) and YugabyteDB (refused, or new and
// distributed).
std::string EngineWithoutAdvisoryLocks(const std::string& version);
// EngineWithoutAdvisoryLocks of the server `session` is connected to.
Result<std::string> PgEngineWithoutAdvisoryLocks(PgSession& session);

}  // namespace rev::engine::backends
