// How a Status leaves the program: SPEC §3's exit codes, and the code's name in JSON.
#pragma once

#include <vector>

#include "revisions/status.h"

namespace rev::cli {

// 0 done; 1 failed (validation errors, SQL, conflict, a bug); 2 bad usage, config, revision
// file or target; 3 lock timeout; 4 refused; 130 interrupted.
int ExitCodeFor(StatusCode code);

// "invalid-input", "not-found", ... for the `code` field of JSON errors.
const char* StatusCodeName(StatusCode code);

// Each exit code rev uses and what it means to a person, in increasing order (the man
// page's EXIT STATUS).
struct ExitCodeMeaning {
  int exit_code;
  const char* meaning;
};
std::vector<ExitCodeMeaning> ExitCodeMeanings();

// The exit code of a command line CLI11 could not parse.
constexpr int kUsageExitCode = 2;

}  // namespace rev::cli
