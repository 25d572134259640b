#include "cli/run.h"

#include <cstdio>
#include <exception>
#include <string>

#include "cli/app.h"
#include "cli/context.h"
#include "cli/exit_code.h"
#include "cli/output.h"

namespace rev::cli {
namespace {

int ReportBug(const RunSetup& setup, const char* what) {
  // Only a bug gets here: every library error is a Status by now.
  std::string line = std::string("rev: error: ") + what;
  if (setup.sink != nullptr) {
    setup.sink->Line(OutputSink::Level::kError, line);
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  return ExitCodeFor(StatusCode::kInternal);
}

int Run(int argc, const char* const* argv, const RunSetup& setup) {
  CLI::App app("rev: database migrations as a graph of plain SQL revisions", "rev");
  GlobalOptions globals;
  Action action;
  BuildApp(&app, &globals, &action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (setup.sink == nullptr) return ReportParseError(app, error);
    setup.sink->Line(OutputSink::Level::kError, std::string("rev: error: ") + error.what());
    return kUsageExitCode;
  }
  if (!action) return ReportMissingCommand(app);
  if (setup.sink != nullptr) {
    globals.yes = true;
    globals.embedded = true;
  }
  Output output({globals.json, globals.quiet, globals.verbose, globals.no_color, setup.sink});
  Context context(globals, &output);
  Status status = action(context);
  if (!status.ok()) output.Error(status);
  context.FinishRun(status);
  output.Finish();
  int code = ExitCodeFor(status.code());
  if (setup.before_teardown) setup.before_teardown(code);
  return code;
}

}  // namespace

int RunCommandLine(int argc, const char* const* argv, const RunSetup& setup) {
  try {
    return Run(argc, argv, setup);
  } catch (const std::exception& error) {
    return ReportBug(setup, error.what());
  } catch (...) {
    return ReportBug(setup, "unknown exception");
  }
}

}  // namespace rev::cli
