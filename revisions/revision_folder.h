// Scans a folder of revision files.
//
// Every `*.sql` file directly in the folder is read and parsed; the result holds every
// revision and every file's error, so `rev validate` can report all of them at once.
// Errors are data here, not a reason to stop.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "revisions/notice.h"
#include "revisions/result.h"
#include "revisions/revision.h"

namespace rev::revisions {

struct FolderScan {
  std::vector<Revision> revisions;  // sorted by path
  std::vector<Status> errors;       // one per unreadable or malformed file, sorted by path
  std::vector<Notice> warnings;     // sorted by path and line
};

// Reads `folder`. `display_prefix` is how paths appear in messages (e.g. "revisions/"), so
// that a user sees `revisions/3f2a_add_users.sql:4`. With `checksums` false every
// revision's checksum is left empty (ParseRevisionText): for commands that open no
// database. Fails with kInvalidInput only when the folder itself cannot be listed
// (missing, not a folder, no permission).
Result<FolderScan> ScanRevisionFolder(const std::filesystem::path& folder,
                                      const std::string& display_prefix, bool checksums = true);

// Reads a whole file. Fails with kInvalidInput naming `display_path` when it cannot.
Result<std::string> ReadFileBytes(const std::filesystem::path& file,
                                  const std::string& display_path);

}  // namespace rev::revisions
