// The versions of the database client libraries this rev runs with, for `rev --version`:
// what a bug report needs, since SQLite and libpq come from the system, not from rev.
#pragma once

#include <string>

#include "revisions/result.h"

namespace rev::engine::backends {

// sqlite3_libversion() of the SQLite linked into rev, e.g. "3.40.1".
std::string SqliteVersion();

// PQlibVersion() of the libpq that rev's PostgreSQL module links, e.g. "15.5" (or "9.6.24"
// before PostgreSQL 10's numbering). Loads the module (postgres_module.h); fails as
// LoadPostgresModule when it cannot be loaded.
Result<std::string> LibpqVersion();

}  // namespace rev::engine::backends
