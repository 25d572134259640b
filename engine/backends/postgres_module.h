// The PostgreSQL backend lives in a module of its own, `rev-postgres.so`, loaded the first
// time a command opens a PostgreSQL database. libpq brings some twenty shared libraries
// (Kerberos, LDAP, GnuTLS, SASL, ...) whose loading and relocation cost more than
// everything else rev does to answer `rev heads` or a no-op `rev upgrade` on SQLite; a run
// that never touches PostgreSQL now never loads them.
//
// The module is found beside the executable (the build tree: build/rev and
// build/rev-postgres.so) or in `<prefix>/lib/rev/` (an installed bin/rev); inside another
// program, beside librev or in `rev/` next to it. It holds its own copy of the engine code
// it needs, hidden from the executable, and exports three C
// functions: its version, which must equal the executable's (a module of another build
// may disagree on every struct), OpenPostgresBackend's address, and PQlibVersion() of the
// libpq it links (for `rev --version`). Internal to engine/backends.
#pragma once

#include "engine/backends/backend.h"

namespace rev::engine::backends {

using OpenBackendFunction = Result<std::unique_ptr<Backend>>(const DatabaseUrl& url,
                                                             const BackendOptions& options,
                                                             bool create);

// The module's exported C symbols.
inline constexpr const char* kPostgresModuleFile = "rev-postgres.so";
inline constexpr const char* kPostgresModuleVersionSymbol = "rev_postgres_module_version";
inline constexpr const char* kPostgresModuleOpenSymbol = "rev_postgres_module_open";
inline constexpr const char* kPostgresModuleLibpqVersionSymbol =
    "rev_postgres_module_libpq_version";

struct PostgresModule {
  OpenBackendFunction* open = nullptr;  // the module's OpenPostgresBackend
  int (*libpq_version)() = nullptr;     // PQlibVersion() of the module's libpq
};

// The module, loaded and kept for the life of the process. Fails with kInvalidInput naming
// where it looked, or the module's version, and the fix.
Result<PostgresModule> LoadPostgresModule();

}  // namespace rev::engine::backends
