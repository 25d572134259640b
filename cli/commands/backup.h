// `rev backup [-o FILE]`, `rev backup list`, `rev backup prune --keep N` (SPEC §5): a
// backup of the database with its manifest, and the backup folder (rev.yaml `backup.dir`).
#pragma once

#include <string>

#include "cli/command.h"
#include "cli/database_session.h"

namespace rev::cli {

struct BackupOptions {
  std::string output;  // -o FILE; empty: a new file in backup.dir
};

struct BackupListOptions {};

struct BackupPruneOptions {
  int keep = -1;  // required
};

// Registers `backup` with its `list` and `prune` subcommands.
void RegisterBackup(CLI::App& app, Action* action);

// Backs up under the migration lock and prints the backup's path with its heads, size and
// time ({"file", "manifest", "kind", "heads", "size", "sha256", "created_at"} in JSON mode).
// Fails as engine::operations::BackupDatabase: kInvalidInput (no database file, in-memory, no
// pg_dump), kLockTimeout, kDatabase, kInterrupted (nothing is left behind).
Status RunBackup(const BackupOptions& options, Context& context);

// One line per backup, oldest first: its path, heads, age and size, or what is wrong with it
// ({"backups": [{"file", "heads", "kind", "created_at", "age_seconds", "size", "problem"}]}).
Status RunBackupList(const BackupListOptions& options, Context& context);

// Removes the oldest complete backups so that --keep N remain; prints each one removed.
// Fails with kInvalidInput for a negative N, kDatabase when one cannot be removed.
Status RunBackupPrune(const BackupPruneOptions& options, Context& context);

}  // namespace rev::cli
