// Backups (SPEC §5): making one, checking one before it is restored, listing and pruning
// a backup folder. The copy itself is made by sqlite_backup.h (SQLite's online backup API)
// or postgres_backup.h (pg_dump -Fc); this file names, hashes, writes and reads manifests.
//
//   backups/backup_<heads>_<YYYYMMDD_HHMMSS>.<sqlite|dump>   the backup (mode 0600)
//   backups/backup_<heads>_<YYYYMMDD_HHMMSS>.<sqlite|dump>.yaml   its manifest
//
// <heads> are the version table's rows joined by '-' ("base" when none); the time is UTC.
// Both files are written under temporary names, synced and renamed into place: a backup
// that is there is complete, and the manifest beside it is its own (never an older one's
// that -o replaced). Never prints.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "revisions/backup_manifest.h"

namespace rev::engine::operations {

using revisions::BackupManifest;

struct BackupRequest {
  // The backup file to write (-o FILE), replaced when it exists; empty: a new file named
  // as above in `folder` (backup.dir), created when missing.
  std::filesystem::path output;
  std::filesystem::path folder;
  std::string rev_version;  // recorded in the manifest
  std::chrono::milliseconds lock_timeout{60000};
  const std::atomic<bool>* interrupted = nullptr;  // Ctrl-C: the partial files are removed
};

struct BackupResult {
  std::filesystem::path file;
  std::filesystem::path manifest_file;
  BackupManifest manifest;
};

// The file name for a backup of `heads` made at `time`: backup_<heads>_<YYYYMMDD_HHMMSS>.
// <sqlite|dump>. When the joined heads pass 120 characters each is cut to 12.
std::string BackupFileName(const RevisionIds& heads, std::chrono::system_clock::time_point time,
                           backends::DatabaseKind kind);
// `<backup>.yaml`.
std::filesystem::path ManifestPathFor(const std::filesystem::path& backup);
// The SHA-256 of the file's bytes, as 64 lowercase hex digits. Fails with kInvalidInput
// when it cannot be read, kInterrupted.
Result<std::string> Sha256OfFile(const std::filesystem::path& file,
                                 const std::atomic<bool>* interrupted = nullptr);

// Backs up the database `backend` is connected to (at `url`, with rev's tables named by
// `options`), recording its heads. REQUIRES: `backend` holds the migration lock, so no rev
// changes the heads while the copy is made (`rev upgrade --backup` calls this between
// taking the lock and its first change). Fails with kInvalidInput for an in-memory or
// missing SQLite database or a missing pg_dump, kDatabase when the copy or a file
// operation fails (nothing is left behind), kInterrupted.
Result<BackupResult> CreateBackup(backends::Backend& backend, const backends::DatabaseUrl& url,
                                  const backends::BackendOptions& options,
                                  const BackupRequest& request);

// `rev backup`: opens the database, takes the migration lock (failing with kLockTimeout
// as upgrade does), runs CreateBackup, releases the lock.
Result<BackupResult> BackupDatabase(const backends::DatabaseUrl& url,
                                    const backends::BackendOptions& options,
                                    const BackupRequest& request);

// The manifest beside `backup`. Fails with kInvalidInput when it is missing, unreadable or
// malformed (file:line).
Result<BackupManifest> ReadManifest(const std::filesystem::path& backup);

// A backup that passed every check VerifyBackup makes.
struct VerifiedBackup {
  std::filesystem::path file;
  BackupManifest manifest;
};

// The checks before a restore, cheapest first, each failing with kInvalidInput naming the
// problem: the file is missing or unreadable; its manifest is missing or malformed; it is a
// backup of the other kind of database than `target_kind`; its first bytes are not those of
// its kind; its size or SHA-256 differ from the manifest's (truncated, corrupt, replaced).
// Fails with kInterrupted while hashing.
Result<VerifiedBackup> VerifyBackup(const std::filesystem::path& backup,
                                    backends::DatabaseKind target_kind,
                                    const std::atomic<bool>* interrupted = nullptr);

// One backup of a folder: its file and manifest, or what is wrong with them.
struct BackupEntry {
  std::filesystem::path file;
  std::optional<BackupManifest> manifest;  // nullopt when missing or unreadable
  std::string problem;                     // empty when both are there and the manifest reads
};

// The backups in `folder`: every manifest (`*.yaml` naming its file) and every
// `backup_*.sqlite` / `backup_*.dump` file, oldest first (by the manifest's created_at,
// then name; those without a readable manifest first). A missing folder has none. Fails
// with kInvalidInput when the folder cannot be listed.
Result<std::vector<BackupEntry>> ListBackups(const std::filesystem::path& folder);

// Removes the oldest backups of `folder` (file and manifest) so that `keep` remain, counting
// only complete backups (a file and a readable manifest); others are never removed. Returns
// the removed backup files, oldest first. Fails with kDatabase when one cannot be removed
// (those before it stay removed).
Result<std::vector<std::filesystem::path>> PruneBackups(const std::filesystem::path& folder,
                                                        size_t keep);

}  // namespace rev::engine::operations
