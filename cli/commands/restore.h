// `rev restore FILE [--to pre-restore|head|REV|none]` (SPEC §5): puts a backup back, then
// replays what the database had applied before the restore.
#pragma once

#include <string>

#include "cli/command.h"
#include "cli/database_session.h"

namespace rev::cli {

struct RestoreOptions {
  std::string file;  // the backup; its manifest is FILE.yaml
  std::string to;    // pre-restore (default), none, head, heads, REV
};

void RegisterRestore(CLI::App& app, Action* action);

// Checks the backup (manifest, size, SHA-256, kind) before the database is even opened,
// then everything else ReplayJob::PrepareRestore checks under the migration lock; shows
// the plan and asks once (--yes answers); restores and replays with a line per step and
// "Replayed k/n". Every refusal leaves the database untouched: kInvalidInput (the backup,
// --to, no terminal to confirm on), kRefused (a revision file missing for a step, a
// downgrade, the backup's state), kLockTimeout, kFailed (not confirmed). After that, as
// ReplayJob::Run: kDatabase / kInterrupted during the restore (the database as it was), and
// as RunPlan during the replay (the database at the last good revision; exit 1 or 130).
Status RunRestore(const RestoreOptions& options, Context& context);

}  // namespace rev::cli
