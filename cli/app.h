// The command line of SPEC §3: global options and every command, built into a CLI::App.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/context.h"

namespace rev::cli {

// Adds the global options (bound to `*globals`) and every command to `app`; parsing then
// sets `*action` to the chosen command.
void BuildApp(CLI::App* app, GlobalOptions* globals, Action* action);

// What a failed parse means for a person: help or the version (exit 0), or `rev: error: ...`
// with a hint (exit 2). Returns the exit code.
int ReportParseError(const CLI::App& app, const CLI::ParseError& error);

// The command line named no command: help on stderr, then `rev: error: ...`. Returns 2.
int ReportMissingCommand(const CLI::App& app);

}  // namespace rev::cli
