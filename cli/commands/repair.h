// `rev repair`: accepts the current files of applied revisions that changed (re-signs
// their checksums; forgets those whose files are gone) and clears a dirty or failed state,
// after saying what it will do and a confirmation (always: --yes answers it).
#pragma once

#include "cli/command.h"
#include "cli/database_session.h"

namespace rev::cli {

struct RepairOptions {
  bool release_lock = false;  // --release-lock: only release an abandoned lease lock
};

void RegisterRepair(CLI::App& app, Action* action);

// Says "Nothing to repair." (creating nothing) when checksums match and no step is dirty
// or failed. Otherwise lists what it will do, asks, and repairs under the lock, recording
// a `repaired` history row. Fails with kInvalidInput when there is no terminal to ask on
// and no --yes; kFailed when the answer is no; kLockTimeout; kDatabase.
Status RunRepair(const RepairOptions& options, Context& context);

// `rev repair --release-lock` (repair_release_lock.cpp): releases the migration lock's
// lease when the run holding it is gone (the lease expired, or it ran on this host and its
// process is no more), after a confirmation. Says so and succeeds when no lease is held.
// Fails with kLockTimeout (exit 3) naming the holder when it is alive, or a session lock
// holds it; as Confirm; kConflict when another run took the lease meanwhile.
Status RunReleaseLock(Context& context);

}  // namespace rev::cli
