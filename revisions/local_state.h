// `.rev/` beside rev.yaml: what rev keeps for this checkout alone, never for version
// control — the journal of changes (SPEC §5) and the cache of parsed revision files.
#pragma once

#include <filesystem>

#include "revisions/result.h"

namespace rev::revisions {

// `<project_root>/.rev`.
std::filesystem::path LocalStateFolder(const std::filesystem::path& project_root);

// Creates `folder` (mode 0700) when missing, with a `.gitignore` of `*` in it so that git
// never offers its files for a commit. Fails with kDatabase naming the folder and why.
Status EnsureLocalStateFolder(const std::filesystem::path& folder);

}  // namespace rev::revisions
