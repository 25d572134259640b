#include <algorithm>
#include <thread>

#include "engine/backends/backend.h"
#include "engine/backends/backend_factories.h"
#include "engine/backends/postgres_module.h"

namespace rev::engine::backends {

// Weak: the PostgreSQL backend is linked in where its code is (the tests link it, to test
// its parts); rev itself loads it from its module (postgres_module.h).
Result<std::unique_ptr<Backend>> OpenPostgresBackend(const DatabaseUrl& url,
                                                     const BackendOptions& options, bool create)
    __attribute__((weak));

namespace {

Result<std::unique_ptr<Backend>> OpenOnce(const DatabaseUrl& url, const BackendOptions& options,
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

}  // namespace

Result<std::unique_ptr<Backend>> OpenBackend(const DatabaseUrl& url, const BackendOptions& options,
                                             bool create) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + options.wait_for_database;
  for (int retry = 0;; ++retry) {
    Result<std::unique_ptr<Backend>> backend = OpenOnce(url, options, create);
    if (backend.ok() || backend.status().code() != StatusCode::kUnavailable) return backend;
    if (options.wait_for_database.count() == 0) return backend;
    const Clock::time_point now = Clock::now();
    if (now >= deadline) return GaveUpWaiting(backend.status(), options.wait_for_database);
    if (retry == 0 && options.on_database_wait) {
      options.on_database_wait(
          {url.Redacted(), backend.status().message(), options.wait_for_database});
    }
    std::this_thread::sleep_for(
        std::min<Clock::duration>(DatabaseRetryPause(retry), deadline - now));
  }
}

}  // namespace rev::engine::backends
