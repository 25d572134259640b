// `rev upgrade [TARGET=head]`: applies the revisions up to TARGET to the database, step by
// step under the migration lock; with --sql, prints the script instead and opens nothing.
#pragma once

#include <string>

#include "cli/command.h"
#include "cli/online_plan.h"

namespace rev::cli {

struct UpgradeOptions {
  PlanCommandOptions plan{"head"};
  bool auto_merge = false;
  bool backup = false;
};

void RegisterUpgrade(CLI::App& app, Action* action);

// --sql: see RunOfflinePlan (kInvalidInput with --auto-merge, which would write a file).
// Otherwise see RunOnlinePlan. With several heads and the target `head`, --auto-merge (or
// `auto_merge: true`) first writes a merge revision over every head, says so, and goes
// on; without it the run fails with kAmbiguous naming the heads and the fixes. --dry-run
// with auto-merge writes nothing and plans to `heads`. --backup (or rev.yaml's
// backup before upgrade, the environment's over the top level) backs the database up under
// the lock before the first step, when there is something to apply.
Status RunUpgrade(const UpgradeOptions& options, Context& context);

}  // namespace rev::cli
