// The manifest rev writes beside every backup (`<backup file>.yaml`, SPEC §5): what the
// backup holds and how to know it is intact. YAML, so a person can read it:
//
//   # rev backup manifest
//   format: 1
//   file: backup_3f2a9c1b7d4e_20261122_100400.sqlite
//   kind: sqlite
//   database: sqlite:///app.db
//   heads: [3f2a9c1b7d4e]
//   created_at: 2026-11-22T10:04:00.123Z
//   size: 1073741824
//   sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
//   rev_version: 0.1.0
//
// Here, in revisions/, because yaml-cpp is private to this library; the engine writes and
// checks the backups themselves (engine/operations/backup.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "revisions/result.h"
#include "revisions/revision_id.h"

namespace rev::revisions {

struct BackupManifest {
  std::string file;         // the backup file's name, without its folder
  std::string kind;         // "sqlite" or "postgresql" (DatabaseKindName)
  std::string database;     // the database URL, redacted (never a password)
  RevisionIds heads;        // the version table at backup time, sorted; [] = base
  std::string created_at;   // 2026-11-22T10:04:00.123Z (UTC; sorts in time order)
  uint64_t size = 0;        // of the backup file, in bytes
  std::string sha256;       // of the backup file, 64 lowercase hex digits
  std::string rev_version;  // the rev that made it
};

// The manifest's text. Every string is written quoted where YAML needs it.
std::string RenderBackupManifest(const BackupManifest& manifest);

// Reads a manifest. Fails with kInvalidInput at `path`:line when the text is not YAML, not
// a mapping, lacks kind, heads, created_at, size or sha256, or holds a malformed value
// (an unknown kind, a head that is not a revision id, a sha256 that is not 64 hex digits).
// Unknown keys are ignored, so a newer rev's manifest still reads.
Result<BackupManifest> ParseBackupManifest(const std::string& text, const std::string& path);

}  // namespace rev::revisions
