// rev: database migrations as a graph of plain SQL revisions.
#include <cstdio>
#include <cstdlib>

#include "cli/fleet/target_run.h"
#include "cli/run.h"

namespace {

// Ends the process without freeing what the run built: at 10,000 revisions, taking the
// graph and the scan apart cost a tenth of `rev heads`, for memory the system reclaims at
// once. Under AddressSanitizer everything is freed, so that leaks are still found.
void EndNow([[maybe_unused]] int code) {
#if !defined(__SANITIZE_ADDRESS__)
  std::fflush(nullptr);
  std::_Exit(code);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  rev::cli::ArrangeToDieWithFleet();  // a target's run of `rev fleet` ends with its fleet
  return rev::cli::RunCommandLine(argc, argv, {nullptr, EndNow});
}
