#include "engine/db/backend.h"
#include "engine/db/backend_factories.h"

namespace rev::engine::db {

Result<std::unique_ptr<Backend>> OpenBackend(const DatabaseUrl& url, const BackendOptions& options,
                                             bool create) {
  switch (url.kind()) {
    case DatabaseKind::kSqlite:
      return OpenSqliteBackend(url, options, create);
    case DatabaseKind::kPostgres:
      return OpenPostgresBackend(url, options, create);
  }
  return Status::Internal("unknown database kind");
}

}  // namespace rev::engine::db
