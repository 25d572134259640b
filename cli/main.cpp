// rev: database migrations as a graph of plain SQL revisions.
#include <cstdio>
#include <exception>

#include "cli/app.h"
#include "cli/exit_code.h"

int main(int argc, char** argv) {
  using namespace rev::cli;  // NOLINT(google-build-using-namespace): main is the wiring
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
    output.Finish();
    return ExitCodeFor(status.code());
  } catch (const std::exception& error) {
    // Only a bug gets here: every library error is a Status by now.
    std::fprintf(stderr, "rev: error: %s\n", error.what());
    return ExitCodeFor(rev::StatusCode::kInternal);
  }
}
