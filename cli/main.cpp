// rev: database migrations as a graph of plain SQL revisions.
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "cli/app.h"
#include "cli/exit_code.h"
#include "cli/fleet/target_run.h"

namespace {

// Ends the process without freeing what the run built: at 10,000 revisions, taking the
// graph and the scan apart cost a tenth of `rev heads`, for memory the system reclaims at
// once. Under AddressSanitizer everything is freed, so that leaks are still found.
int Exit(int code) {
#if defined(__SANITIZE_ADDRESS__)
  return code;
#else
  std::fflush(nullptr);
  std::_Exit(code);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rev::cli;  // NOLINT(google-build-using-namespace): main is the wiring
  ArrangeToDieWithFleet();   // a target's run of `rev fleet` ends with its fleet
  try {
    CLI::App app("rev: database migrations as a graph of plain SQL revisions", "rev");
    GlobalOptions globals;
    Action action;
    BuildApp(&app, &globals, &action);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
      return ReportParseError(app, error);
    }
    if (!action) return ReportMissingCommand(app);
    Output output({globals.json, globals.quiet, globals.verbose, globals.no_color});
    Context context(globals, &output);
    rev::Status status = action(context);
    if (!status.ok()) output.Error(status);
    context.FinishRun(status);
    output.Finish();
    return Exit(ExitCodeFor(status.code()));
  } catch (const std::exception& error) {
    // Only a bug gets here: every library error is a Status by now.
    std::fprintf(stderr, "rev: error: %s\n", error.what());
    return ExitCodeFor(rev::StatusCode::kInternal);
  }
}
