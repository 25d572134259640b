// SqliteVersion (library_versions.h).
#include <sqlite3.h>

#include "engine/backends/library_versions.h"

namespace rev::engine::backends {

std::string SqliteVersion() { return sqlite3_libversion(); }

}  // namespace rev::engine::backends
