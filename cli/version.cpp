#include "cli/version.h"

#include "cli/build_commit.h"
#include "engine/backends/library_versions.h"

namespace rev::cli {

std::string VersionText() {
  Result<std::string> libpq = engine::backends::LibpqVersion();
  return std::string("rev ") + REV_VERSION + " (commit " + BuildCommit() + ", SQLite " +
         engine::backends::SqliteVersion() + ", " +
         (libpq.ok() ? "libpq " + libpq.value() : std::string("libpq: module not found")) + ")";
}

}  // namespace rev::cli
