// PostgreSQL backups and restores through PostgreSQL's own client programs, run as child
// processes (child_process.h): `pg_dump -Fc` to make one, `pg_restore` piped into `psql`
// to restore one. Internal to engine/backends (backup.cpp and replay.cpp call it).
//
// The password never appears on a command line: the child is given the connection string
// without it (DatabaseUrl::connection_string_without_password) and PGPASSWORD in its
// environment, alone among rev's children.
//
// A restore makes the database equal to the backup, exactly: in one transaction it drops
// every schema of the database (and its large objects), re-creates `public` as PostgreSQL
// makes it, and runs the script pg_restore writes. Restoring over the old objects with
// `pg_restore --clean` would keep whatever was created after the backup (a table a later
// revision made), and the replay would then collide with it. If anything fails (or
// pg_restore stops part way, or Ctrl-C), the transaction never commits: the database is
// as it was. The role restoring needs the rights pg_restore --clean would need.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/backends/database_url.h"
#include "engine/process/child_process.h"
#include "revisions/result.h"

namespace rev::engine::backends {

// pg_dump, pg_restore or psql: on PATH, else in the folder `pg_config --bindir` names
// (pg_config on PATH). `beside`, when given, is looked in first (psql beside pg_restore:
// the script a pg_restore writes may hold meta-commands only its own psql knows). Fails
// with kInvalidInput naming the program and how to provide it.
Result<std::filesystem::path> FindPgProgram(const std::string& name,
                                            const process::Environment& env,
                                            const std::filesystem::path& beside = {});

// The environment of a child connecting to `url`: this process's, with PGPASSWORD set to
// the URL's password when it has one.
process::Environment PgChildEnvironment(const DatabaseUrl& url);

// The command lines, each without the password (tested: see postgres_backup_test).
std::vector<std::string> PgDumpArgv(const std::filesystem::path& pg_dump, const DatabaseUrl& url);
std::vector<std::string> PgListArgv(const std::filesystem::path& pg_restore,
                                    const std::filesystem::path& archive);
std::vector<std::string> PgRestoreScriptArgv(const std::filesystem::path& pg_restore,
                                             const std::filesystem::path& archive);
std::vector<std::string> PsqlRestoreArgv(const std::filesystem::path& psql, const DatabaseUrl& url);

// The SQL psql runs before the restore script, opening the restore's transaction: drop
// every schema but PostgreSQL's own, unlink every large object, re-create `public`.
std::string EmptyDatabaseSql();

// `pg_dump -Fc` of the database into `destination` (created 0600 by the caller). Fails with
// kInvalidInput when pg_dump is missing, kDatabase with pg_dump's own message (redacted),
// kInterrupted.
Status PgDumpToFile(const DatabaseUrl& url, const std::filesystem::path& destination,
                    const std::atomic<bool>* interrupted);

// Whether pg_restore can read `archive`'s table of contents. Fails with kInvalidInput when
// it is not a custom-format archive pg_restore reads (naming pg_restore's message).
Status PgCheckArchive(const std::filesystem::path& archive, const std::atomic<bool>* interrupted);

// Restores `archive` into the database at `url`, as described above. Fails with kDatabase
// (psql's or pg_restore's message; the database unchanged), kInterrupted (unchanged too).
Status PgRestoreFromFile(const DatabaseUrl& url, const std::filesystem::path& archive,
                         const std::atomic<bool>* interrupted);

}  // namespace rev::engine::backends
