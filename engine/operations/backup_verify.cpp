// Reading a backup back: its manifest, and the checks before anything is restored from it.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/backends/sqlite_backup.h"
#include "engine/operations/backup.h"

namespace rev::engine::operations {

namespace fs = std::filesystem;

Result<BackupManifest> ReadManifest(const fs::path& backup) {
  fs::path path = ManifestPathFor(backup);
  std::error_code error;
  if (!fs::exists(path, error)) {
    return Status::InvalidInput("the backup " + backup.string() + " has no manifest (" +
                                path.string() + ")")
        .WithHint(
            "rev writes the manifest beside each backup it makes; copy it along with the "
            "backup, or restore this file with the database's own tools");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Status::InvalidInput("cannot read the manifest " + path.string());
  return revisions::ParseBackupManifest(text.str(), path.string());
}

Result<VerifiedBackup> VerifyBackup(const fs::path& backup, backends::DatabaseKind target_kind,
                                    const std::atomic<bool>* interrupted) {
  std::error_code error;
  if (!fs::is_regular_file(backup, error)) {
    return Status::InvalidInput("there is no backup file " + backup.string())
        .WithHint("`rev backup list` shows the backups in the backup folder");
  }
  if (::access(backup.c_str(), R_OK) != 0) {
    return Status::InvalidInput("cannot read the backup " + backup.string() + ": " +
                                std::strerror(errno));
  }
  REV_ASSIGN_OR_RETURN(BackupManifest manifest, ReadManifest(backup));
  const std::string target_name = backends::DatabaseKindName(target_kind);
  if (manifest.kind != target_name) {
    return Status::InvalidInput("the backup " + backup.string() + " is of a " + manifest.kind +
                                " database; the database to restore is " + target_name)
        .WithHint("restore it into a " + manifest.kind +
                  " database, or choose a backup of this one");
  }
  bool header_ok =
      target_kind == backends::DatabaseKind::kSqlite ? backends::HasSqliteHeader(backup) : [&] {
        std::ifstream in(backup, std::ios::binary);
        char magic[5] = {};
        return in.read(magic, 5) && std::string(magic, 5) == "PGDMP";
      }();
  std::string corrupt_hint =
      "the file was damaged or replaced since it was made; use another backup";
  if (!header_ok) {
    return Status::InvalidInput("the backup " + backup.string() + " is not a " +
                                (target_kind == backends::DatabaseKind::kSqlite
                                     ? "SQLite database file"
                                     : "pg_dump custom archive"))
        .WithHint(corrupt_hint);
  }
  uint64_t size = fs::file_size(backup, error);
  if (!error && size != manifest.size) {
    return Status::InvalidInput("the backup " + backup.string() + " is " + std::to_string(size) +
                                " bytes, its manifest says " + std::to_string(manifest.size) +
                                (size < manifest.size ? ": it is truncated" : ""))
        .WithHint(corrupt_hint);
  }
  REV_ASSIGN_OR_RETURN(std::string sha256, Sha256OfFile(backup, interrupted));
  if (sha256 != manifest.sha256) {
    return Status::InvalidInput("the backup " + backup.string() +
                                " does not match its manifest: SHA-256 " + sha256 +
                                ", the manifest says " + manifest.sha256)
        .WithHint(corrupt_hint);
  }
  return VerifiedBackup{backup, std::move(manifest)};
}

}  // namespace rev::engine::operations
