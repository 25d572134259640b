// One run of rev: a command line parsed, its command run, the outcome reported. The `rev`
// executable (cli/main.cpp) and librev (cli/librev/) are its two callers, so a program
// that embeds rev runs exactly what the command line runs.
#pragma once

#include <functional>

#include "cli/output_sink.h"

namespace rev::cli {

struct RunSetup {
  // Null for the executable. Set by an embedding program: output goes there, never to
  // stdout or stderr; no confirmation is asked (the call is the yes); the program's
  // signals are left alone.
  OutputSink* sink = nullptr;
  // Called with the exit code while everything the run built is still alive: the
  // executable ends the process there, sparing the teardown of a large graph.
  std::function<void(int)> before_teardown;
};

// Parses argv (argv[0] is the program's name), runs the command and returns its exit code
// (SPEC §3). Never throws: a bug becomes exit code 1 with a message.
int RunCommandLine(int argc, const char* const* argv, const RunSetup& setup);

}  // namespace rev::cli
