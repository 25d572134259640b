// The commit rev was built from, captured at build time (cmake/RevBuildCommit.cmake).
#pragma once

namespace rev::cli {

// The short hash ("1a2b3c4"), with "-dirty" when tracked files differed from it, or
// "unknown" when the sources were not a git checkout.
const char* BuildCommit();

}  // namespace rev::cli
