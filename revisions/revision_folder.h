// Scans a folder of revision files.
//
// Every `*.sql` file directly in the folder is read and parsed; the result holds every
// revision and every file's error, so `rev validate` can report all of them at once.
// Errors are data here, not a reason to stop.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "revisions/notice.h"
#include "revisions/result.h"
#include "revisions/revision.h"

namespace rev::revisions {

// A scan cache to write (scan_cache.h).
struct PendingCache {
  std::filesystem::path file;
  std::string bytes;
};

struct FolderScan {
  std::vector<Revision> revisions;  // sorted by path
  std::vector<Status> errors;       // one per unreadable or malformed file, sorted by path
  std::vector<Notice> warnings;     // sorted by path and line
  // The refreshed scan cache, when ScanOptions::cache was given and it changed, for the
  // caller to write (WriteScanCache) once its command succeeded: a command that refuses
  // bad input writes nothing.
  std::optional<PendingCache> cache_update;
  size_t files_read = 0;  // files opened and parsed, not taken from the cache
};

struct ScanOptions {
  // False: every revision's checksum is left empty (ParseRevisionText), for commands that
  // open no database.
  bool checksums = true;
  // False: the sections' SQL is not kept (ParseOptions), for commands that run and print no
  // SQL.
  bool sections = true;
  // The project folder (rev.yaml's): a revision that runs a program gets a checksum that
  // also covers the files its command names inside it (run_command.h). Empty: the file's
  // checksum alone.
  std::filesystem::path project_folder;
  // The scan cache to use and refresh (scan_cache.h); empty: read every file.
  std::filesystem::path cache;
  // The time of the scan in nanoseconds since the epoch (files changed less than two
  // seconds before it are not stored); 0: now. Tests set it to look at the folder later.
  int64_t now_ns = 0;
};

// Reads `folder`. `display_prefix` is how paths appear in messages (e.g. "revisions/"), so
// that a user sees `revisions/3f2a_add_users.sql:4`. Fails with kInvalidInput only when
// the folder itself cannot be listed (missing, not a folder, no permission).
Result<FolderScan> ScanRevisionFolder(const std::filesystem::path& folder,
                                      const std::string& display_prefix,
                                      const ScanOptions& options = {});

// Reads a whole file. Fails with kInvalidInput naming `display_path` when it cannot.
Result<std::string> ReadFileBytes(const std::filesystem::path& file,
                                  const std::string& display_path);

}  // namespace rev::revisions
