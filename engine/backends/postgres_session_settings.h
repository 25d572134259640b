// rev.yaml's PostgreSQL settings (search_path, lock_timeout, statement_timeout) applied
// with set_config: once for the session, or, behind a connection pooler and with the lease
// lock, for each transaction (SET LOCAL), where nothing may outlive the transaction.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/backends/backend.h"
#include "engine/backends/postgres_session.h"

namespace rev::engine::backends {

// Applies `options`' settings and then `extra` ones of rev's own, for the session, or with
// `local` for the open transaction only. A value PostgreSQL refuses is bad config:
// kInvalidInput naming the setting and the fix in rev.yaml.
Status ApplySessionSettings(PgSession& session, const BackendOptions& options, bool local,
                            const std::vector<std::pair<std::string, std::string>>& extra = {});

}  // namespace rev::engine::backends
