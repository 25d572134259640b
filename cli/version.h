// `rev --version`: what a bug report needs to say which rev it is about.
#pragma once

#include <string>

namespace rev::cli {

// "rev 0.1.0 (commit 1a2b3c4, SQLite 3.40.1, libpq 15.5)": the version, the commit it was
// built from and the client libraries it runs with. libpq is asked of the PostgreSQL
// module (loaded for this); "libpq: module not found" when it cannot be loaded.
std::string VersionText();

}  // namespace rev::cli
