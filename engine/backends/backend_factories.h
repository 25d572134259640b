// The backends OpenBackend (open_backend.cpp) chooses between by DatabaseUrl::kind(): one
// factory per kind, each defined beside its implementation (sqlite_backend.cpp,
// postgres_backend.cpp). Internal to engine/backends: the rest of rev calls OpenBackend.
#pragma once

#include <memory>

#include "engine/backends/backend.h"

namespace rev::engine::backends {

// Both have OpenBackend's contract. REQUIRES: url.kind() is the factory's kind.
Result<std::unique_ptr<Backend>> OpenSqliteBackend(const DatabaseUrl& url,
                                                   const BackendOptions& options, bool create);
Result<std::unique_ptr<Backend>> OpenPostgresBackend(const DatabaseUrl& url,
                                                     const BackendOptions& options, bool create);

}  // namespace rev::engine::backends
