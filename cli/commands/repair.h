// `rev repair`: accepts the current files of applied revisions that changed (re-signs
// their checksums; forgets those whose files are gone) and clears a dirty or failed state,
// after saying what it will do and a confirmation (always: --yes answers it).
#pragma once

#include "cli/command.h"
#include "cli/database_session.h"

namespace rev::cli {

struct RepairOptions {};  // --lock-timeout and the global options are all it takes

void RegisterRepair(CLI::App& app, Action* action);

// Says "Nothing to repair." (creating nothing) when checksums match and no step is dirty
// or failed. Otherwise lists what it will do, asks, and repairs under the lock, recording
// a `repaired` history row. Fails with kInvalidInput when there is no terminal to ask on
// and no --yes; kFailed when the answer is no; kLockTimeout; kDatabase.
Status RunRepair(const RepairOptions& options, Context& context);

}  // namespace rev::cli
