#include "engine/schema/introspect.h"

namespace rev::engine::schema {

IntrospectOptions IntrospectOptionsFor(const backends::BackendOptions& options) {
  return IntrospectOptions{{options.version_table, options.history_table, options.applied_table}};
}

Result<Schema> Introspect(backends::Backend& backend, const IntrospectOptions& options) {
  if (backend.kind() == backends::DatabaseKind::kPostgres) {
    return IntrospectPostgres(backend, options);
  }
  return IntrospectSqlite(backend, options);
}

}  // namespace rev::engine::schema
