// `rev downgrade TARGET`: reverts the revisions above TARGET (`-1`, `-N`, `base`, REV) from
// the database, step by step under the migration lock; with --sql START:TARGET, prints the
// script instead and opens nothing.
#pragma once

#include <string>

#include "cli/command.h"
#include "cli/online_plan.h"

namespace rev::cli {

using DowngradeOptions = PlanCommandOptions;

void RegisterDowngrade(CLI::App& app, Action* action);

// --sql: see RunOfflinePlan (it needs START:TARGET). Otherwise see RunOnlinePlan; a
// downgrade through a revision without a downgrade section is refused with kInvalidInput
// before anything changes.
Status RunDowngrade(const DowngradeOptions& options, Context& context);

}  // namespace rev::cli
