// The C entry points of rev-postgres.so (postgres_module.h). Compiled into the module only.
#include <libpq-fe.h>

#include "engine/backends/backend_factories.h"
#include "engine/backends/postgres_module.h"

// C names, looked up with dlsym (postgres_module.h), hence not in Google style.
extern "C" {

__attribute__((visibility("default"))) const char*
rev_postgres_module_version() {  // NOLINT(readability-identifier-naming)
  return REV_VERSION;
}

__attribute__((visibility("default"))) void*
rev_postgres_module_open() {  // NOLINT(readability-identifier-naming)
  rev::engine::backends::OpenBackendFunction* open = &rev::engine::backends::OpenPostgresBackend;
  return reinterpret_cast<void*>(open);
}

__attribute__((visibility("default"))) int
rev_postgres_module_libpq_version() {  // NOLINT(readability-identifier-naming)
  return PQlibVersion();
}

}  // extern "C"
