// Introspect: a database's catalog read back as a Schema, by one introspector per backend,
// through Backend::Query only (reads; nothing is written).
//
// SQLite: sqlite_schema, pragma table_list / table_xinfo / index_list / index_info /
// foreign_key_list, and the CREATE TABLE text for CHECKs and what the pragmas leave out.
// PostgreSQL: pg_catalog, every schema but the system ones.
#pragma once

#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "engine/schema/schema.h"

namespace rev::engine::schema {

struct IntrospectOptions {
  // rev's own tables (BackendOptions' names), left out wherever they are.
  std::vector<std::string> own_tables = {"rev_version", "rev_history", "rev_applied"};
};

// rev's table names of `options`.
IntrospectOptions IntrospectOptionsFor(const backends::BackendOptions& options);

// The catalog of `backend`, Normalize()d. Fails with kDatabase when a catalog query fails.
Result<Schema> Introspect(backends::Backend& backend, const IntrospectOptions& options);

Result<Schema> IntrospectSqlite(backends::Backend& backend, const IntrospectOptions& options);
Result<Schema> IntrospectPostgres(backends::Backend& backend, const IntrospectOptions& options);

}  // namespace rev::engine::schema
