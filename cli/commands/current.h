// `rev current`: the database's heads, as its version table says. Reads only: creates
// nothing, and a role that may only read is enough.
#pragma once

#include "cli/command.h"

namespace rev::cli {

struct CurrentOptions {};

void RegisterCurrent(CLI::App& app, Action* action);

// Prints one line per head ("c3 (head), add email index"; a head the folder lacks says
// so), nothing for an empty database, or in JSON mode {"current": ["id", ...]} (sorted).
// Fails as DatabaseSession::Open, as Context::Graph for a broken folder, and with kDatabase
// when the version table cannot be read.
Status RunCurrent(const CurrentOptions& options, Context& context);

}  // namespace rev::cli
