#include "engine/backends/backend.h"
#include "engine/backends/backend_factories.h"
#include "engine/backends/postgres_module.h"

namespace rev::engine::backends {

// Weak: the PostgreSQL backend is linked in where its code is (the tests link it, to test
// its parts); rev itself loads it from its module (postgres_module.h).
Result<std::unique_ptr<Backend>> OpenPostgresBackend(const DatabaseUrl& url,
                                                     const BackendOptions& options, bool create)
    __attribute__((weak));

Result<std::unique_ptr<Backend>> OpenBackend(const DatabaseUrl& url, const BackendOptions& options,
                                             bool create) {
  switch (url.kind()) {
    case DatabaseKind::kSqlite:
      return OpenSqliteBackend(url, options, create);
    case DatabaseKind::kPostgres: {
      if (OpenPostgresBackend != nullptr) return OpenPostgresBackend(url, options, create);
      REV_ASSIGN_OR_RETURN(PostgresModule module, LoadPostgresModule());
      return module.open(url, options, create);
    }
  }
  return Status::Internal("unknown database kind");
}

}  // namespace rev::engine::backends
