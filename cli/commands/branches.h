// `rev branches`: every branch point and the revisions it branches into.
#pragma once

#include "cli/command.h"

namespace rev::cli {

struct BranchesOptions {};

void RegisterBranches(CLI::App& app, Action* action);

// Newest branch point first, as Alembic; JSON {"branches": [{"revision", "children"}]}.
Status RunBranches(const BranchesOptions& options, Context& context);

}  // namespace rev::cli
